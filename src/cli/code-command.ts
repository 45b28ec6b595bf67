import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens code`.
const command: Command = {
  usage: "ratelens code",
  run() {
    return Promise.reject(new UsageError("ratelens code is not built yet"));
  },
};
export default command;
