import { PhoneShell } from "../shared/PhoneShell";

export default function LeaderApp() {
  return <PhoneShell><div style={{ padding: 16 }}>leader</div></PhoneShell>;
}
