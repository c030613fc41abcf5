// The container's filesystem as far as the emulated shell needs it: which binaries exist where
// (a Debian-style, non-merged /usr layout, as in the Tomcat image), and which directories exist.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';

/** Command name -> absolute path of the binary in the container. */
export const BINARY_PATHS: Readonly<Record<string, string>> = {
  bash: '/bin/bash',
  sh: '/bin/sh',
  ls: '/bin/ls',
  hostname: '/bin/hostname',
  echo: '/bin/echo',
  true: '/bin/true',
  false: '/bin/false',
  pwd: '/bin/pwd',
  stty: '/bin/stty',
  uname: '/bin/uname',
  whoami: '/usr/bin/whoami',
  id: '/usr/bin/id',
  env: '/usr/bin/env',
};

const PATH_TO_NAME = new Map(Object.entries(BINARY_PATHS).map(([name, path]) => [path, name]));

/** Directory -> its entries, in `ls` order. */
export const DIRECTORIES: Readonly<Record<string, readonly string[]>> = {
  '/': [
    'bin',
    'boot',
    'dev',
    'etc',
    'home',
    'lib',
    'lib64',
    'media',
    'mnt',
    'opt',
    'proc',
    'root',
    'run',
    'sbin',
    'srv',
    'sys',
    'tmp',
    'usr',
    'var',
  ],
  '/usr': ['bin', 'games', 'include', 'lib', 'lib64', 'local', 'sbin', 'share', 'src'],
  '/usr/local': ['bin', 'etc', 'games', 'include', 'lib', 'man', 'sbin', 'share', 'src', 'tomcat'],
  '/usr/local/tomcat': [
    'BUILDING.txt',
    'CONTRIBUTING.md',
    'LICENSE',
    'NOTICE',
    'README.md',
    'RELEASE-NOTES',
    'RUNNING.txt',
    'bin',
    'conf',
    'lib',
    'logs',
    'native-jni-lib',
    'temp',
    'webapps',
    'webapps.dist',
    'work',
  ],
  '/usr/local/tomcat/bin': ['catalina.sh', 'configtest.sh', 'shutdown.sh', 'startup.sh', 'version.sh'],
  '/usr/local/tomcat/conf': [
    'context.xml',
    'logging.properties',
    'server.xml',
    'tomcat-users.xml',
    'web.xml',
  ],
  '/usr/local/tomcat/lib': ['catalina.jar', 'servlet-api.jar'],
  '/usr/local/tomcat/logs': [],
  '/usr/local/tomcat/temp': [],
  '/usr/local/tomcat/webapps': ['ROOT', 'ROOT.war'],
  '/usr/local/tomcat/webapps.dist': ['docs', 'examples', 'host-manager', 'manager'],
  '/usr/local/tomcat/work': [],
  '/home': [],
  '/root': [],
  '/tmp': [],
  '/etc': ['hostname', 'hosts', 'os-release', 'passwd', 'resolv.conf'],
};

/** Whether the shell can `cd` into path (an absolute, normalized path). */
export function isDirectory(path: string): boolean {
  return Object.hasOwn(DIRECTORIES, path) || path === '/bin' || path === '/sbin' || path === '/proc';
}

export function resolvePath(cwd: string, target: string): string {
  return posix.resolve(cwd, target);
}

/** The binary that `name` runs via $PATH (or directly when it contains a slash), if it exists. */
export function lookupBinary(name: string): { path: string; name: string } | undefined {
  if (name.includes('/')) {
    const base = PATH_TO_NAME.get(posix.normalize(name));
    return base === undefined ? undefined : { path: posix.normalize(name), name: base };
  }
  const path = BINARY_PATHS[name];
  return path === undefined ? undefined : { path, name };
}

/**
 * The runtime's error when the exec'd argv[0] does not exist (runc via containerd), or undefined
 * when it can be started.
 */
export function startFailure(command: readonly string[]): string | undefined {
  const argv0 = command[0];
  if (argv0 === undefined || argv0 === '') {
    return 'error executing command in container: failed to exec in container: no command specified';
  }
  if (lookupBinary(argv0) !== undefined) return undefined;
  const cause = argv0.includes('/')
    ? `exec: "${argv0}": stat ${argv0}: no such file or directory`
    : `exec: "${argv0}": executable file not found in $PATH`;
  const execId = randomBytes(32).toString('hex');
  return (
    'error executing command in container: failed to exec in container: ' +
    `failed to start exec "${execId}": OCI runtime exec failed: exec failed: ` +
    `unable to start container process: ${cause}: unknown`
  );
}
