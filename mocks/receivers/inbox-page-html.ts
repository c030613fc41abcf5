// The inbox page's static parts: the HTML shell (no message content, no hook URLs: the script fills
// them in from the inbox API) and its stylesheet.

export const INBOX_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lab inbox: Slack and Microsoft Teams</title>
<link rel="stylesheet" href="/inbox/assets/inbox-page.css">
<script type="module" src="/inbox/assets/inbox-page-client.js"></script>
</head>
<body>
<header class="page-header">
  <h1>Lab inbox</h1>
  <p>What the lab's Slack and Microsoft Teams channels show, newest first. Review them for your alert.</p>
  <span class="live" role="status" data-testid="inbox-live" data-state="connecting">Connecting...</span>
</header>
<main class="panes">
  <section class="pane slack" aria-labelledby="pane-slack-heading" data-testid="inbox-pane-slack">
    <div class="pane-header"><h2 id="pane-slack-heading">Slack</h2><span class="count" data-count="slack"></span></div>
    <div class="list" data-list="slack" aria-live="polite"></div>
  </section>
  <section class="pane teams" aria-labelledby="pane-teams-heading" data-testid="inbox-pane-teams">
    <div class="pane-header"><h2 id="pane-teams-heading">Microsoft Teams</h2><span class="count" data-count="teams"></span></div>
    <div class="list" data-list="teams" aria-live="polite"></div>
  </section>
</main>
<details class="hooks" data-testid="inbox-hooks">
  <summary>Hooks (secrets redacted)</summary>
  <ul data-list="hooks"></ul>
</details>
<noscript>This page needs JavaScript; the same data is at /inbox/api/messages.</noscript>
</body>
</html>
`;

export const INBOX_PAGE_CSS = `:root {
  color-scheme: light;
  --text: #1d1c1d;
  --muted: #616061;
  --line: #dddddd;
  --slack: #4a154b;
  --teams: #464eb8;
  --error-bg: #fdecea;
  --error: #a4262c;
  --pending-bg: #fff4ce;
  --pending: #7a5b00;
  font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 15px;
  color: var(--text);
}
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f6; }
.page-header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 16px; padding: 12px 20px;
  background: #ffffff; border-bottom: 1px solid var(--line); }
.page-header h1 { margin: 0; font-size: 20px; }
.page-header p { margin: 0; color: var(--muted); flex: 1; }
.live { font-size: 13px; padding: 2px 8px; border-radius: 10px; background: #e8e8e8; }
.live[data-state="live"] { background: #dff6dd; color: #0e700e; }
.live[data-state="error"], .live[data-state="reconnecting"] { background: var(--error-bg); color: var(--error); }
.panes { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px 20px; align-items: start; }
@media (max-width: 900px) { .panes { grid-template-columns: 1fr; } }
.pane { background: #ffffff; border: 1px solid var(--line); border-radius: 8px; min-width: 0; }
.pane-header { display: flex; align-items: center; gap: 8px; padding: 10px 14px; border-bottom: 1px solid var(--line);
  border-top: 4px solid var(--slack); border-radius: 8px 8px 0 0; }
.pane.teams .pane-header { border-top-color: var(--teams); }
.pane-header h2 { margin: 0; font-size: 17px; }
.count { color: var(--muted); font-size: 13px; }
.list { padding: 4px 0; }
.empty-pane { color: var(--muted); padding: 8px 14px; margin: 0; }
.message { padding: 10px 14px; border-bottom: 1px solid #eeeeee; }
.message:last-child { border-bottom: none; }
.message-header { display: flex; gap: 10px; align-items: baseline; font-size: 13px; color: var(--muted);
  margin-bottom: 6px; }
.sender { font-weight: 700; color: var(--text); }
.status { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; white-space: nowrap; }
.message-header time { margin-left: auto; }
.rich .line, .card-text .line, .facts dd .line { white-space: pre-wrap; overflow-wrap: anywhere; min-height: 1.2em; }
.rich { line-height: 1.4; }
code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.9em; background: #f6f6f6;
  border: 1px solid #e4e4e4; border-radius: 3px; padding: 0 3px; color: #c01343; }
.attachment { margin: 6px 0; }
.attachment .pretext { margin-bottom: 4px; }
.attachment-body { border-left: 4px solid var(--bar, #dddddd); padding: 2px 0 2px 10px; }
.attachment-title { font-weight: 700; }
.fields { display: flex; flex-wrap: wrap; margin: 6px 0 0; }
.field { flex: 1 1 100%; margin-bottom: 4px; }
.field.short { flex-basis: 50%; }
.field dt { font-weight: 700; }
.field dd { margin: 0; }
.workflow .variables { color: var(--muted); font-size: 12px; margin-top: 4px; }
.empty-message { min-height: 1.6em; color: #9a9a9a; font-style: italic; border: 1px dashed #cccccc;
  border-radius: 4px; padding: 4px 8px; }
.notice { border-radius: 6px; padding: 8px 10px; margin: 4px 0 6px; }
.notice.error { background: var(--error-bg); color: var(--error); border-left: 4px solid var(--error); }
.notice.pending { background: var(--pending-bg); color: var(--pending); border-left: 4px solid #c19c00; }
.notice.info { background: #eef3fb; color: #1f3b66; border-left: 4px solid #5b7fb8; }
.notice-title { font-weight: 700; }
.notice-detail { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 2px;
  font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 13px; color: #3b0a0c; }
.notice.pending .notice-detail, .notice.info .notice-detail { font-family: inherit; color: inherit; }
.card { border: 1px solid #e1e1e1; border-radius: 6px; padding: 10px 12px; margin: 6px 0; background: #ffffff;
  box-shadow: 0 1px 2px rgba(0, 0, 0, 0.08); }
.card.accented { border-top: 4px solid var(--accent); }
.card-text { margin: 2px 0 6px; }
.card-text.title { font-size: 16px; font-weight: 700; }
.card-text.heading { font-weight: 700; margin-top: 8px; }
.card-text.subtle { color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 2px 0 6px; }
.fact { display: contents; }
.fact dt { font-weight: 700; white-space: pre; }
.fact dd { margin: 0; min-width: 0; }
.card-container { margin: 4px 0; }
.card-columns { display: flex; gap: 12px; }
.card-column { flex: 1; min-width: 0; }
.hooks { margin: 0 20px 20px; background: #ffffff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
.hooks ul { margin: 6px 0; padding-left: 18px; font-size: 13px; }
.hooks code { color: var(--text); overflow-wrap: anywhere; }
`;
