// The module's exec step: "oc exec $POD -n payments -i --tty -- /bin/bash ... If you see
// tomcat@visa-processor…, you've confirmed you have a shell", and the alert it raises.
// Only the alert is the module's promise: another prompt (an arbitrary UID on OpenShift shows
// "I have no name!@...", a rebuilt image another user or directory) is reported, never fatal.

/** Any interactive shell's prompt: a line ending in "$ " or "# " (bash's default PS1 ends in "\$ "). */
export const SHELL_PROMPT = /[^\r\n]*[$#] $/;

/** What the guide's sample shows for a pod: tomcat in Tomcat's home. */
export function guidePrompt(pod: string): string {
  return `tomcat@${pod}:/usr/local/tomcat$`;
}

/** A note when the prompt is not the guide's, saying what differs; undefined when it is. */
export function promptDifference(prompt: string, pod: string): string | undefined {
  const seen = prompt.trim();
  const expected = guidePrompt(pod);
  if (seen === expected) return undefined;
  const m = /^(.*)@([^:]+):(.*)[$#]$/.exec(seen);
  const parts: string[] = [];
  if (!m) parts.push('it is not user@host:dir');
  else {
    const [, user, host, dir] = m;
    if (user === 'I have no name!')
      parts.push(
        'the uid has no name in the image, as with the arbitrary UID OpenShift assigns under a restricted SCC',
      );
    else if (user !== 'tomcat') parts.push(`user ${user}, not tomcat`);
    if (host !== pod) parts.push(`host ${host}, not the pod ${pod}`);
    if (dir !== '/usr/local/tomcat') parts.push(`directory ${dir}, not /usr/local/tomcat`);
  }
  return `The shell opened, but its prompt is "${seen}" where the guide shows "${expected}" (${parts.join('; ')}): students comparing it with the guide may think the exec failed. The alert checks go on.`;
}

/** Central's process message for bash, whichever path the image's bash has (/bin is /usr/bin on merged-usr images). */
export const BASH_EXECUTED = /Binary '(?:\/usr)?\/bin\/bash' executed/;
