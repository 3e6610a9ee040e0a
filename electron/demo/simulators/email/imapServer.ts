// electron/demo/simulators/email: the hoodiecrow-imap server with every IMAP command and the plugins the
// demo uses imported statically. The package loads them with `require("./commands/" + name)` on first
// use, which a bundler cannot follow (the hosts run the simulators from an esbuild bundle), so they are
// registered here up front and the server never falls back to its dynamic loading.
import hoodiecrow, { type HoodiecrowOptions, type HoodiecrowServer } from 'hoodiecrow-imap';
import cmdAppend from 'hoodiecrow-imap/lib/commands/append';
import cmdCapability from 'hoodiecrow-imap/lib/commands/capability';
import cmdCheck from 'hoodiecrow-imap/lib/commands/check';
import cmdClose from 'hoodiecrow-imap/lib/commands/close';
import cmdCopy from 'hoodiecrow-imap/lib/commands/copy';
import cmdCreate from 'hoodiecrow-imap/lib/commands/create';
import cmdDelete from 'hoodiecrow-imap/lib/commands/delete';
import cmdExamine from 'hoodiecrow-imap/lib/commands/examine';
import cmdExpunge from 'hoodiecrow-imap/lib/commands/expunge';
import cmdFetch from 'hoodiecrow-imap/lib/commands/fetch';
import cmdList from 'hoodiecrow-imap/lib/commands/list';
import cmdLogin from 'hoodiecrow-imap/lib/commands/login';
import cmdLogout from 'hoodiecrow-imap/lib/commands/logout';
import cmdLsub from 'hoodiecrow-imap/lib/commands/lsub';
import cmdNoop from 'hoodiecrow-imap/lib/commands/noop';
import cmdRename from 'hoodiecrow-imap/lib/commands/rename';
import cmdSearch from 'hoodiecrow-imap/lib/commands/search';
import cmdSelect from 'hoodiecrow-imap/lib/commands/select';
import cmdStatus from 'hoodiecrow-imap/lib/commands/status';
import cmdStore from 'hoodiecrow-imap/lib/commands/store';
import cmdSubscribe from 'hoodiecrow-imap/lib/commands/subscribe';
import cmdUidCopy from 'hoodiecrow-imap/lib/commands/uid copy';
import cmdUidFetch from 'hoodiecrow-imap/lib/commands/uid fetch';
import cmdUidSearch from 'hoodiecrow-imap/lib/commands/uid search';
import cmdUidStore from 'hoodiecrow-imap/lib/commands/uid store';
import cmdUnsubscribe from 'hoodiecrow-imap/lib/commands/unsubscribe';
import pluginIdle from 'hoodiecrow-imap/lib/plugins/idle';
import pluginUidplus from 'hoodiecrow-imap/lib/plugins/uidplus';
import pluginSpecialUse from 'hoodiecrow-imap/lib/plugins/special-use';
import pluginLiteralplus from 'hoodiecrow-imap/lib/plugins/literalplus';
import pluginEnable from 'hoodiecrow-imap/lib/plugins/enable';
import pluginId from 'hoodiecrow-imap/lib/plugins/id';
import pluginUnselect from 'hoodiecrow-imap/lib/plugins/unselect';

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
const PLUGINS = [pluginIdle, pluginUidplus, pluginSpecialUse, pluginLiteralplus, pluginEnable, pluginId, pluginUnselect];

export function imapServer(o: Omit<HoodiecrowOptions, 'plugins'>): HoodiecrowServer {
  const server = hoodiecrow({ ...o, plugins: PLUGINS });
  for (const [name, handler] of COMMANDS) server.setCommandHandler(name, handler);
  return server;
}
