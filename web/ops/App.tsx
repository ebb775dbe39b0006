import { DeskShell } from "../shared/DeskShell";

export default function OpsApp() {
  return <DeskShell nav={[]}><div>ops</div></DeskShell>;
}
