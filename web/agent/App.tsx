import { DeskShell } from "../shared/DeskShell";

export default function AgentApp() {
  return <DeskShell nav={[]}><div>agent</div></DeskShell>;
}
