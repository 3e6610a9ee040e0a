// electron/demo/simulators/email: the hoodiecrow-imap server with every IMAP command and the plugins the
// demo uses imported statically. The package loads them with `require("./commands/" + name)` on first
// use, which a bundler cannot follow (the hosts run the simulators from an esbuild bundle), so they are
// registered here up front and the server never falls back to its dynamic loading. The paths name
// their .js file: browser mode's worker bundle leaves packages external, and Node's ESM resolver adds no
// extension.
import hoodiecrow, { type HoodiecrowOptions, type HoodiecrowServer } from 'hoodiecrow-imap';
import cmdAppend from 'hoodiecrow-imap/lib/commands/append.js';
import cmdCapability from 'hoodiecrow-imap/lib/commands/capability.js';
import cmdCheck from 'hoodiecrow-imap/lib/commands/check.js';
import cmdClose from 'hoodiecrow-imap/lib/commands/close.js';
import cmdCopy from 'hoodiecrow-imap/lib/commands/copy.js';
import cmdCreate from 'hoodiecrow-imap/lib/commands/create.js';
import cmdDelete from 'hoodiecrow-imap/lib/commands/delete.js';
import cmdExamine from 'hoodiecrow-imap/lib/commands/examine.js';
import cmdExpunge from 'hoodiecrow-imap/lib/commands/expunge.js';
import cmdFetch from 'hoodiecrow-imap/lib/commands/fetch.js';
import cmdList from 'hoodiecrow-imap/lib/commands/list.js';
import cmdLogin from 'hoodiecrow-imap/lib/commands/login.js';
import cmdLogout from 'hoodiecrow-imap/lib/commands/logout.js';
import cmdLsub from 'hoodiecrow-imap/lib/commands/lsub.js';
import cmdNoop from 'hoodiecrow-imap/lib/commands/noop.js';
import cmdRename from 'hoodiecrow-imap/lib/commands/rename.js';
import cmdSearch from 'hoodiecrow-imap/lib/commands/search.js';
import cmdSelect from 'hoodiecrow-imap/lib/commands/select.js';
import cmdStatus from 'hoodiecrow-imap/lib/commands/status.js';
import cmdStore from 'hoodiecrow-imap/lib/commands/store.js';
import cmdSubscribe from 'hoodiecrow-imap/lib/commands/subscribe.js';
import cmdUidCopy from 'hoodiecrow-imap/lib/commands/uid copy.js';
import cmdUidFetch from 'hoodiecrow-imap/lib/commands/uid fetch.js';
import cmdUidSearch from 'hoodiecrow-imap/lib/commands/uid search.js';
import cmdUidStore from 'hoodiecrow-imap/lib/commands/uid store.js';
import cmdUnsubscribe from 'hoodiecrow-imap/lib/commands/unsubscribe.js';
import pluginIdle from 'hoodiecrow-imap/lib/plugins/idle.js';
import pluginUidplus from 'hoodiecrow-imap/lib/plugins/uidplus.js';
import pluginSpecialUse from 'hoodiecrow-imap/lib/plugins/special-use.js';
import pluginLiteralplus from 'hoodiecrow-imap/lib/plugins/literalplus.js';
import pluginEnable from 'hoodiecrow-imap/lib/plugins/enable.js';
import pluginId from 'hoodiecrow-imap/lib/plugins/id.js';
import pluginUnselect from 'hoodiecrow-imap/lib/plugins/unselect.js';

const COMMANDS: Array<[string, unknown]> = [
  ['APPEND', cmdAppend],
  ['CAPABILITY', cmdCapability],
  ['CHECK', cmdCheck],
  ['CLOSE', cmdClose],
  ['COPY', cmdCopy],
  ['CREATE', cmdCreate],
  ['DELETE', cmdDelete],
  ['EXAMINE', cmdExamine],
  ['EXPUNGE', cmdExpunge],
  ['FETCH', cmdFetch],
  ['LIST', cmdList],
  ['LOGIN', cmdLogin],
  ['LOGOUT', cmdLogout],
  ['LSUB', cmdLsub],
  ['NOOP', cmdNoop],
  ['RENAME', cmdRename],
  ['SEARCH', cmdSearch],
  ['SELECT', cmdSelect],
  ['STATUS', cmdStatus],
  ['STORE', cmdStore],
  ['SUBSCRIBE', cmdSubscribe],
  ['UID COPY', cmdUidCopy],
  ['UID FETCH', cmdUidFetch],
  ['UID SEARCH', cmdUidSearch],
  ['UID STORE', cmdUidStore],
  ['UNSUBSCRIBE', cmdUnsubscribe],
];
/** IDLE, UIDPLUS, SPECIAL-USE, LITERAL+, ENABLE, ID, UNSELECT: what the e-mail connector's client uses. */
const PLUGINS = [
  pluginIdle,
  pluginUidplus,
  pluginSpecialUse,
  pluginLiteralplus,
  pluginEnable,
  pluginId,
  pluginUnselect,
];

export function imapServer(o: Omit<HoodiecrowOptions, 'plugins'>): HoodiecrowServer {
  const server = hoodiecrow({ ...o, plugins: PLUGINS });
  for (const [name, handler] of COMMANDS) server.setCommandHandler(name, handler);
  return server;
}
