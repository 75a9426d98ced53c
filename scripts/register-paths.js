// Resolves the @app/* aliases of tsconfig.json against the compiled tree in dist/.
const path = require('node:path');
const { register } = require('tsconfig-paths');
const { compilerOptions } = require('../tsconfig.json');

register({ baseUrl: path.join(__dirname, '..', 'dist'), paths: compilerOptions.paths });
