// electron/main: the Electron adapter of the host protocol. Each core (the writer, each reader)
// runs in its own utilityProcess (dist/electron/utilityCore.cjs); main hands it one end of a
// MessageChannelMain and speaks electron/host/protocol.ts over that MessagePort.
import type {
  MessageChannelMain as MessageChannelMainT,
  MessagePortMain,
  UtilityProcess,
  utilityProcess as utilityProcessT,
} from 'electron';
import type { CoreChannel, CoreMessage, SpawnChannel } from '../host/protocol';

export type UtilityElectron = {
  utilityProcess: Pick<typeof utilityProcessT, 'fork'>;
  MessageChannelMain: typeof MessageChannelMainT;
};

export function utilityChannel(
  e: UtilityElectron,
  entry: string,
  serviceName: string,
): CoreChannel {
  const child: UtilityProcess = e.utilityProcess.fork(entry, [], { serviceName, stdio: 'inherit' });
  const { port1, port2 } = new e.MessageChannelMain();
  const port: MessagePortMain = port1;
  let exited = false;
  const exitListeners: ((info: { code: number | null; reason: string }) => void)[] = [];
  // The child's first message carries its end of the channel; everything else goes over the port.
  child.postMessage({ t: 'port' }, [port2]);
  port.start();
  child.on('exit', (code: number) => {
    exited = true;
    port.close();
    for (const l of exitListeners)
      l({ code, reason: code === 0 ? 'exited' : `exited with code ${code}` });
  });
  return {
    post: (msg) => {
      if (!exited) port.postMessage(msg);
    },
    onMessage: (cb) => void port.on('message', (ev) => cb(ev.data as CoreMessage)),
    onExit: (cb) => void exitListeners.push(cb),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}

export function utilitySpawner(e: UtilityElectron, entry: string): SpawnChannel {
  return (role, index) =>
    utilityChannel(e, entry, role === 'writer' ? 'Steward core' : `Steward reader ${index + 1}`);
}
