import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import { isLang, type Lang } from '../../i18n/languages';

/** The admin pages' own translation namespace, added to i18next when the first of them loads. */
export const ADMIN_NS = 'admin';

const es = {
  noAccess: 'Esta página es solo para la administración.',
  cancel: 'Cancelar',
  save: 'Guardar',
  close: 'Cerrar',
  closeDialog: 'Cerrar el diálogo',
  closeNotice: 'Cerrar el aviso',
  copy: 'Copiar',
  copied: 'Copiado',
  actions: 'Acciones',
  actionsFor: 'Acciones para {{name}}',
  role: 'Rol',
  required: 'Obligatorio',
  users: {
    title: 'Usuarios',
    intro: 'Personas que inician sesión en la consola. Cada cambio queda en la bitácora de auditoría.',
    create: 'Nuevo usuario',
    createSubmit: 'Crear el usuario',
    createTitle: 'Nuevo usuario',
    username: 'Usuario',
    usernameHint: 'De 1 a 64 letras, cifras, «.», «_», «@» o «-»; empieza con letra o cifra.',
    usernameWrong: 'Usuario no válido',
    displayName: 'Nombre para mostrar',
    password: 'Contraseña inicial',
    passwordHint: 'Al menos {{min}} caracteres. Entréguela a la persona por un medio seguro.',
    passwordShort: 'Al menos {{min}} caracteres',
    generate: 'Generar una contraseña',
    status: 'Estado',
    active: 'Activo',
    disabled: 'Deshabilitado',
    createdAt: 'Creado',
    you: '(usted)',
    none: 'Aún no hay usuarios.',
    created: 'Usuario {{username}} creado.',
    changeRole: 'Cambiar el rol',
    changeRoleTitle: 'Cambiar el rol de {{name}}',
    roleChanged: 'Rol de {{username}} cambiado.',
    roleNote: 'El nuevo rol se aplica desde la próxima solicitud de la persona.',
    disable: 'Deshabilitar',
    enable: 'Habilitar',
    disableTitle: 'Deshabilitar a {{name}}',
    disableText: '{{name}} no podrá iniciar sesión y sus sesiones abiertas terminan de inmediato. Puede volver a habilitarse.',
    enableTitle: 'Habilitar a {{name}}',
    enableText: '{{name}} podrá volver a iniciar sesión con su contraseña.',
    disabledDone: '{{username}} quedó deshabilitado.',
    enabledDone: '{{username}} quedó habilitado.',
    resetPassword: 'Restablecer la contraseña',
    resetTitle: 'Restablecer la contraseña de {{name}}',
    resetText: 'Se genera una contraseña nueva; las sesiones de la persona terminan de inmediato.',
    resetDo: 'Generar y guardar',
    newPassword: 'Contraseña nueva de {{username}}',
    newPasswordNote: 'Se muestra solo esta vez. Cópiela y entréguela a la persona por un medio seguro.',
    selfNote: 'No puede deshabilitarse ni quitarse el rol de administración a sí mismo.',
  },
  tokens: {
    title: 'Tokens de API',
    intro:
      'Credenciales de máquinas y scripts (cabecera Authorization: Bearer). El secreto se muestra una sola vez, al crearlo; la API solo guarda su hash.',
    create: 'Nuevo token',
    createSubmit: 'Crear el token',
    createTitle: 'Nuevo token de API',
    name: 'Nombre',
    nameHint: 'Quién o qué lo usa, p. ej. «Conciliación nocturna».',
    status: 'Estado',
    active: 'Activo',
    revoked: 'Revocado el {{date}}',
    revokedShort: 'Revocado',
    revoke: 'Revocar',
    revokeTitle: 'Revocar el token «{{name}}»',
    revokeText: 'Deja de funcionar de inmediato. No se puede deshacer.',
    revokedDone: 'Token «{{name}}» revocado.',
    none: 'No hay tokens.',
    secretTitle: 'Secreto del token «{{name}}»',
    secretNote: 'Se muestra solo esta vez: la API no lo guarda. Cópielo ahora y guárdelo en un lugar seguro.',
    secretLabel: 'Secreto',
    id: 'Identificador',
    showRevoked: 'Mostrar los revocados',
  },
};

export type AdminMessages = typeof es;

const en: AdminMessages = {
  noAccess: 'This page is for administrators only.',
  cancel: 'Cancel',
  save: 'Save',
  close: 'Close',
  closeDialog: 'Close the dialog',
  closeNotice: 'Close the notice',
  copy: 'Copy',
  copied: 'Copied',
  actions: 'Actions',
  actionsFor: 'Actions for {{name}}',
  role: 'Role',
  required: 'Required',
  users: {
    title: 'Users',
    intro: 'People who sign in to the console. Every change is kept in the audit log.',
    create: 'New user',
    createSubmit: 'Create the user',
    createTitle: 'New user',
    username: 'Username',
    usernameHint: "1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.",
    usernameWrong: 'Not a valid username',
    displayName: 'Display name',
    password: 'Initial password',
    passwordHint: 'At least {{min}} characters. Hand it to the person by a safe channel.',
    passwordShort: 'At least {{min}} characters',
    generate: 'Generate a password',
    status: 'Status',
    active: 'Active',
    disabled: 'Disabled',
    createdAt: 'Created',
    you: '(you)',
    none: 'No users yet.',
    created: 'User {{username}} created.',
    changeRole: 'Change the role',
    changeRoleTitle: 'Change the role of {{name}}',
    roleChanged: 'Role of {{username}} changed.',
    roleNote: 'The new role applies from the person’s next request.',
    disable: 'Disable',
    enable: 'Enable',
    disableTitle: 'Disable {{name}}',
    disableText: '{{name}} will no longer be able to sign in, and their open sessions end at once. They can be enabled again.',
    enableTitle: 'Enable {{name}}',
    enableText: '{{name}} will be able to sign in again with their password.',
    disabledDone: '{{username}} is now disabled.',
    enabledDone: '{{username}} is now enabled.',
    resetPassword: 'Reset the password',
    resetTitle: 'Reset the password of {{name}}',
    resetText: 'A new password is generated; the person’s sessions end at once.',
    resetDo: 'Generate and save',
    newPassword: 'New password of {{username}}',
    newPasswordNote: 'Shown this once only. Copy it and hand it to the person by a safe channel.',
    selfNote: 'You cannot disable yourself or take the admin role from yourself.',
  },
  tokens: {
    title: 'API tokens',
    intro: 'Credentials of machines and scripts (Authorization: Bearer header). The secret is shown once, when it is created; the API keeps only its hash.',
    create: 'New token',
    createSubmit: 'Create the token',
    createTitle: 'New API token',
    name: 'Name',
    nameHint: 'Who or what uses it, e.g. “Nightly reconciliation”.',
    status: 'Status',
    active: 'Active',
    revoked: 'Revoked on {{date}}',
    revokedShort: 'Revoked',
    revoke: 'Revoke',
    revokeTitle: 'Revoke the token “{{name}}”',
    revokeText: 'It stops working at once. This cannot be undone.',
    revokedDone: 'Token “{{name}}” revoked.',
    none: 'No tokens.',
    secretTitle: 'Secret of the token “{{name}}”',
    secretNote: 'Shown this once only: the API does not keep it. Copy it now and store it somewhere safe.',
    secretLabel: 'Secret',
    id: 'Id',
    showRevoked: 'Show revoked ones',
  },
};

export const ADMIN_MESSAGES: Record<Lang, AdminMessages> = { es, en };

/** Adds the namespace to i18next (once it has started: main.tsx starts it before any page loads). */
export function registerAdminMessages(): void {
  const add = (): void => {
    for (const lang of ['es', 'en'] as const) {
      if (!i18n.hasResourceBundle(lang, ADMIN_NS)) i18n.addResourceBundle(lang, ADMIN_NS, ADMIN_MESSAGES[lang]);
    }
  };
  if (i18n.isInitialized) add();
  else i18n.on('initialized', add);
}

registerAdminMessages();

export function useAdminText(): { t: ReturnType<typeof useTranslation>['t']; lang: Lang } {
  const { t, i18n: instance } = useTranslation(ADMIN_NS);
  return { t, lang: isLang(instance.language) ? instance.language : 'es' };
}
