import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const r = db.prepare("SELECT state, count(*) n, max(updated_at) last FROM outbox GROUP BY state").all();
console.log(new Date().toISOString().slice(11,19), r.map(x=>`${x.state}:${x.n}@${new Date(x.last).toISOString().slice(11,19)}`).join(' '));
console.log(db.prepare("SELECT id, conversation_id, attempts, next_attempt_at, attempted_at, last_error FROM outbox WHERE state='unknown'").all().map(x=>JSON.stringify(x)).join('\n'));
