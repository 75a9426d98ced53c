import { defineMessages } from '../i18n/namespace';

/** The forms' own messages: what each stable error `code` of the API means to a person. */
export const FORMS_NS = 'forms';

const es = {
  codes: {
    validation_failed: 'Revise los campos marcados.',
    malformed_json: 'La consola envió datos que el servidor no entiende. Vuelva a cargar la página.',
    payload_too_large: 'El archivo es demasiado grande.',
    request_timeout: 'El envío no llegó a tiempo. Vuelva a intentarlo.',
    unauthenticated: 'Su sesión terminó. Vuelva a ingresar.',
    forbidden: 'Su rol no permite esta acción.',
    not_found: 'Lo que se busca no existe (o ya no existe).',
    route_not_found: 'La consola pidió algo que el servidor no ofrece. Vuelva a cargar la página.',
    already_exists: 'Ya existe un registro con esos datos.',
    idempotency_key_reused: 'Este envío ya se hizo con otros datos. Vuelva a abrir el formulario.',
    idempotency_in_progress: 'Este envío todavía se está procesando. Espere unos segundos y mire el resultado antes de repetirlo.',
    period_closed: 'El ejercicio fiscal de esa fecha está cerrado: no admite asientos.',
    already_reversed: 'Ya fue revertido.',
    inactive_account: 'La cuenta o el fondo no está activo.',
    unbalanced_entry: 'El asiento no cuadra: los débitos y los créditos difieren.',
    business_rule_violated: 'Una regla del libro no lo permite.',
    conflict: 'Los datos cambiaron mientras tanto. Vuelva a cargar la página y revise.',
    rate_limited: 'Demasiadas solicitudes seguidas. Espere un minuto.',
    statement_malformed: 'El archivo del extracto no es válido.',
    service_unavailable: 'El servidor está ocupado o en mantenimiento. Vuelva a intentarlo en un momento.',
    internal_error: 'Error interno del servidor. Avise a la administración con la referencia de abajo.',
    network: 'No hay conexión con el servidor.',
    unknown: 'El servidor no aceptó la solicitud.',
  },
  invalidField: 'Este valor no es válido.',
  serverSays: 'Detalle del servidor (en inglés): {{detail}}',
  reference: 'Referencia: {{requestId}}',
  fieldsTitle: 'Campos con problemas',
  cancel: 'Cancelar',
  confirm: 'Confirmar',
  closeDialog: 'Cerrar el diálogo',
};

type FormsMessages = typeof es;

const en: FormsMessages = {
  codes: {
    validation_failed: 'Check the fields marked.',
    malformed_json: 'The console sent data the server does not understand. Reload the page.',
    payload_too_large: 'The file is too large.',
    request_timeout: 'The request did not arrive in time. Try again.',
    unauthenticated: 'Your session ended. Sign in again.',
    forbidden: 'Your role may not do this.',
    not_found: 'What was asked for does not exist (or no longer exists).',
    route_not_found: 'The console asked for something the server does not offer. Reload the page.',
    already_exists: 'A record with these details already exists.',
    idempotency_key_reused: 'This submission was already made with other data. Open the form again.',
    idempotency_in_progress: 'This submission is still being processed. Wait a few seconds and look at the result before repeating it.',
    period_closed: 'The fiscal year of that date is closed: it takes no entries.',
    already_reversed: 'It has already been reversed.',
    inactive_account: 'The account or fund is not active.',
    unbalanced_entry: 'The entry does not balance: debits and credits differ.',
    business_rule_violated: 'A rule of the ledger does not allow it.',
    conflict: 'The data changed in the meantime. Reload the page and check.',
    rate_limited: 'Too many requests in a row. Wait a minute.',
    statement_malformed: 'The statement file is not valid.',
    service_unavailable: 'The server is busy or under maintenance. Try again in a moment.',
    internal_error: 'Internal server error. Tell the administrators, with the reference below.',
    network: 'There is no connection to the server.',
    unknown: 'The server did not accept the request.',
  },
  invalidField: 'This value is not valid.',
  serverSays: 'Server detail: {{detail}}',
  reference: 'Reference: {{requestId}}',
  fieldsTitle: 'Fields with problems',
  cancel: 'Cancel',
  confirm: 'Confirm',
  closeDialog: 'Close the dialog',
};

export type ErrorCodeKey = keyof FormsMessages['codes'];

export const useFormsText = defineMessages(FORMS_NS, { es, en });
