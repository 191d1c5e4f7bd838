export {
  addUserOnLoad,
  findMembership,
  getStoreCredentials,
  installStore,
  isInstalled,
  purgeStore,
  removeUser,
  revokeSessions,
  type InstallInput,
  type Member,
} from "./repository";
