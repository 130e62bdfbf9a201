export const DESK_CSS = `
.padlock{display:inline-flex;vertical-align:-2px;color:var(--ok);margin-right:4px}
.bubble .padlock,.meta .padlock{margin:0}
.desk{height:100%;display:flex;flex-direction:column}
.desk-main{flex:1;min-height:0;display:grid;grid-template-columns:340px 1fr}
.tabs{display:flex;gap:4px;align-items:center}
.tabs [role=tab]{border:0;background:none;padding:6px 10px;border-radius:8px;color:var(--muted)}
.tabs [role=tab][aria-selected=true]{background:var(--accent-soft);color:var(--accent)}
.inbox{border-right:1px solid var(--line);background:#fff;overflow-y:auto;display:flex;flex-direction:column}
.inbox-head{display:flex;justify-content:space-between;align-items:center;padding:12px;border-bottom:1px solid var(--line);position:sticky;top:0;background:#fff}
.inbox ul{list-style:none;margin:0;padding:0}
.inbox .empty{padding:20px 16px}
.inbox .error{margin:12px}
.inbox-item{width:100%;display:grid;grid-template-columns:1fr auto;gap:2px 8px;text-align:left;border:0;border-bottom:1px solid var(--line);border-radius:0;padding:12px 16px;background:#fff;font-weight:400}
.inbox-item:hover{background:#f9fafb}
.inbox-item.selected{background:var(--accent-soft);box-shadow:inset 3px 0 0 var(--accent)}
.inbox-item .who{font-weight:700;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.inbox-item .when{font-size:12px;text-align:right}
.inbox-item .preview{font-size:13px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.inbox-item .project{font-size:12px;grid-column:1}
.inbox-item .badge-count{grid-column:2;grid-row:2 / span 2;align-self:center;justify-self:end}
.conversation{display:flex;flex-direction:column;min-width:0;min-height:0}
.conversation.placeholder{align-items:center;justify-content:center}
.conversation-head{display:flex;align-items:center;gap:12px;padding:12px 20px;background:#fff;border-bottom:1px solid var(--line)}
.conversation-head .spacer{flex:1}
.conversation-head .back,.conversation-head .visitor-toggle{display:none}
.assign{display:inline-flex;align-items:center;gap:6px;font-size:13px}
.assign select{padding:4px 8px;font-size:13px;max-width:180px}
.assign button,.conversation-head button{white-space:nowrap}
.inbox-search{padding:12px 12px 0}
.inbox-search input{width:100%}
.tabs.views{padding:8px 12px 0}
.alert-toggles{display:flex;gap:6px}
.alert-toggles button{line-height:0;padding:6px 8px}
.inbox-item .assignee{color:var(--ink)}
.conversation-body{flex:1;min-height:0;display:grid;grid-template-columns:1fr 280px}
.thread{display:flex;flex-direction:column;min-height:0;min-width:0}
.messages{flex:1;overflow-y:auto;list-style:none;margin:0;padding:20px;display:flex;flex-direction:column;gap:12px}
.earlier{align-self:center}
.desk-message{display:flex;flex-direction:column;max-width:75%}
.desk-message.visitor{align-self:flex-start}
.desk-message.agent{align-self:flex-end;align-items:flex-end}
.avatar{flex:none;width:22px;height:22px;border-radius:50%;background:var(--accent);color:#fff;font-size:10px;font-weight:700;display:inline-flex;align-items:center;justify-content:center}
.export-menu{position:relative}
.export-menu summary{list-style:none;cursor:pointer;padding:4px 10px;border:1px solid var(--line);border-radius:8px;font-size:13px;font-weight:600;background:#fff}
.export-menu summary::-webkit-details-marker{display:none}
.export-choices{position:absolute;right:0;top:calc(100% + 4px);z-index:5;display:flex;flex-direction:column;gap:4px;padding:6px;background:#fff;border:1px solid var(--line);border-radius:10px;box-shadow:0 6px 20px rgba(17,24,39,.12);white-space:nowrap}
.name-button{display:inline-flex;align-items:center;gap:6px;border:0;background:none;padding:4px 6px;border-radius:8px;font-weight:600;cursor:pointer}
.name-button:hover{background:var(--accent-soft)}
.name-editor{display:inline-flex;align-items:center;gap:6px;flex-wrap:wrap}
.name-editor input{width:12em}
.name-error{color:var(--bad);font-size:12px;flex-basis:100%}
.desk-message .meta{font-size:12px;font-weight:600;margin-bottom:3px;display:flex;gap:4px;align-items:center}
.bubble{padding:9px 13px;border-radius:14px;overflow-wrap:anywhere;background:#fff;border:1px solid var(--line)}
.bubble.agent{background:var(--accent);border-color:var(--accent);color:#fff}
.bubble p{margin:0}.bubble p+p,.bubble ul{margin-top:6px}.bubble ul{margin-bottom:0;padding-inline-start:20px}
.bubble code{font:12.5px ui-monospace,Menlo,Consolas,monospace;background:rgba(127,127,127,.18);padding:1px 4px;border-radius:4px}
.bubble a{color:inherit}
.system-line{align-self:center;font-size:12px;color:var(--muted);background:#f3f4f6;border-radius:999px;padding:4px 12px;text-align:center}
.typing-line{font-size:13px;color:var(--muted);font-style:italic}
.reply{border-top:1px solid var(--line);background:#fff;padding:12px 20px;display:flex;flex-direction:column;gap:8px}
.reply .tabs .hint{margin-left:auto}
.canned-picker{list-style:none;margin:0;padding:4px;border:1px solid var(--line);border-radius:10px;background:#fff;max-height:220px;overflow-y:auto}
.canned-picker [role=option],.canned-picker p{margin:0;padding:6px 8px;border-radius:6px;cursor:pointer;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.canned-picker [aria-selected=true]{background:var(--accent-soft)}
.reply .preview{min-height:74px;max-width:none}
.row.end{justify-content:flex-end}
.closed-note{padding:16px 20px;border-top:1px solid var(--line);margin:0;background:#fff}
.visitor-panel{border-left:1px solid var(--line);background:#fff;padding:20px;overflow-y:auto;display:flex;flex-direction:column;gap:8px}
.visitor-panel p{margin:0}
.visitor-panel .verified{color:var(--ok);font-weight:700}
.visitor-panel .unverified{color:var(--warn);font-weight:700}
.visitor-panel .user-id{font-size:15px;font-weight:700;color:var(--ink)}
.visitor-panel dl{margin:8px 0 0;display:flex;flex-direction:column;gap:6px}
.visitor-panel dt{font-size:12px;color:var(--muted)}
.visitor-panel dd{margin:0}
@media (max-width:1000px){.conversation-body{grid-template-columns:1fr}.visitor-panel{border-left:0;border-top:1px solid var(--line);max-height:30vh}}
@media (max-width:700px){.desk-main{grid-template-columns:1fr}.conversation-head .visitor-toggle{display:inline-block}.visitor-panel{display:none}.visitor-shown .visitor-panel{display:flex;max-height:45vh}.assign label{display:none}.assign select{max-width:130px}.desk.has-selection .inbox{display:none}.desk:not(.has-selection) .conversation{display:none}.conversation-head{padding:10px 12px;flex-wrap:wrap}.conversation-head .back{display:inline}.messages{padding:12px}.reply{padding:10px 12px}.desk-message{max-width:90%}.reply .tabs .hint{display:none}}
`;
