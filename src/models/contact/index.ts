export * from "./contact.js";
export * from "./cathode.js";
export { CONTACT_KEYS, fullContactAsr } from "./law.js";
