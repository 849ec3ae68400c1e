// The crossarch policy pack: `pulumi preview --policy-pack policy`.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./src/policies";

new PolicyPack("crossarch", { policies });
