import { PhoneShell } from "../shared/PhoneShell";

export default function CustomerApp() {
  return <PhoneShell><div style={{ padding: 16 }}>customer</div></PhoneShell>;
}
