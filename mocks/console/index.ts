export { BASIC_PROVIDER } from './auth-api.ts';
export { type ConsoleHandler, type ConsoleRoutesOptions, createConsoleRoutes } from './routes.ts';
export { type ConsoleServer, type ConsoleServerOptions, startConsoleServer } from './standalone.ts';
export { CONSOLE_TEXT, type ConsoleText, type ConsoleTextKey, type ConsoleTextOverrides } from './text.ts';
