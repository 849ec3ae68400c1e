// Entry point named by Pulumi.yaml (`main: infra/`): the exported function's result becomes the stack outputs.
import { program } from "./program";

export = program;
