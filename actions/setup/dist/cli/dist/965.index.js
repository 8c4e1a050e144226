export const id = 965;
export const ids = [965];
export const modules = {

/***/ 3965:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runBuild: () => (/* binding */ runBuild)
/* harmony export */ });
/* unused harmony export DEFAULT_CAPTURE_FILE */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7480);
/* harmony import */ var _custody_provenance__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8103);
/* harmony import */ var _io_files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3585);
/* harmony import */ var _capture_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5474);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7406);
/**
 * `custody run -- COMMAND`: runs the build command with its output streamed through, and records around it the
 * capture document, start and finish, the (redacted) command line, the exit code or signal, and the digests of
 * the declared outputs. The command's exit status is propagated (a signal becomes 128+n, as shells do). Capture
 * problems are warnings unless `strict`, so provenance never breaks a build by accident.
 */








const DEFAULT_CAPTURE_FILE = 'custody-capture.json';
function signalNumber(signal) {
    return node_os__WEBPACK_IMPORTED_MODULE_2__.constants.signals[signal] ?? 0;
}
function runChild(options) {
    const [file, ...args] = options.command;
    return new Promise((resolvePromise) => {
        let settled = false;
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, { cwd: options.cwd, env: options.env, stdio: ['inherit', 'pipe', 'pipe'] });
        // Custody stays alive until the command ends (so the capture is written) and passes termination on. A
        // Ctrl-C on a terminal already reaches the whole process group, so SIGINT is forwarded only off a terminal.
        const forward = (sig) => () => {
            if (sig === 'SIGINT' && process.stdin.isTTY)
                return;
            if (child.exitCode === null && child.signalCode === null)
                child.kill(sig);
        };
        const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => [s, forward(s)]);
        if (options.forwardSignals)
            for (const [s, h] of handlers)
                process.on(s, h);
        const done = (exit) => {
            if (settled)
                return;
            settled = true;
            if (options.forwardSignals)
                for (const [s, h] of handlers)
                    process.off(s, h);
            resolvePromise(exit);
        };
        child.stdout.on('data', (d) => options.stdout(d));
        child.stderr.on('data', (d) => options.stderr(d));
        child.on('error', (err) => done({ code: null, spawnError: err }));
        child.on('close', (code, signal) => done({ code, ...(signal ? { signal } : {}) }));
    });
}
async function runBuild(options) {
    if (options.command.length === 0 || !options.command[0]) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('no command to run.', {
            hint: 'Put the build command after --, e.g. custody run --output "dist/*.tgz" -- npm pack.',
        });
    }
    const warnings = [];
    const problem = (err, what) => {
        if (options.strict) {
            if (err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .CustodyError */ .Kf)
                throw err;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .AppError */ .uV('CAPTURE_FAILED', `${what}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(err)}.`, {
                hint: 'Fix the capture problem, or drop --strict to let the build go on.',
                cause: err,
            });
        }
        const text = err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .CustodyError */ .Kf ? err.describe() : `${what}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(err)}`;
        warnings.push(text);
        options.logger.warn(`${text} (the build goes on; --strict makes this an error)`);
    };
    const startedOn = (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .isoSeconds */ .nE)(options.clock.now());
    let capture;
    try {
        capture = await (0,_capture_js__WEBPACK_IMPORTED_MODULE_6__.captureBuild)({
            cwd: options.cwd,
            env: options.env,
            clock: options.clock,
            logger: options.logger,
            materials: options.materials ?? [],
            tools: options.tools ?? [],
            ...(options.versionRunner ? { versionRunner: options.versionRunner } : {}),
            ...(options.host ? { host: options.host } : {}),
            ...(options.gitStatus === undefined ? {} : { gitStatus: options.gitStatus }),
        });
    }
    catch (err) {
        problem(err, 'capture before the build failed');
    }
    // Redacted before the command runs: the secrets it finds are masked in every log line from here on, including
    // the messages below that name the command.
    const recordedArgv = (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_4__/* .redactArgv */ .Qu)(options.command);
    const exit = await runChild(options);
    const finishedOn = (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .isoSeconds */ .nE)(options.clock.now());
    if (exit.spawnError) {
        const notFound = exit.spawnError.code === 'ENOENT';
        options.logger.error(notFound
            ? `custody run: command "${recordedArgv[0]}" was not found. Check the name and PATH (custody runs it without a shell; for pipes or &&, run sh -c "…").`
            : `custody run: cannot start "${recordedArgv[0]}": ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(exit.spawnError)}.`);
    }
    const exitCode = exit.spawnError
        ? exit.spawnError.code === 'ENOENT'
            ? 127
            : 126
        : exit.signal
            ? 128 + signalNumber(exit.signal)
            : (exit.code ?? 1);
    let outputs = [];
    if (options.outputs?.length) {
        try {
            outputs = await (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_4__/* .collectMaterials */ .x)(options.outputs, options.cwd);
        }
        catch (err) {
            if (exitCode === 0)
                problem(err, 'digesting the outputs failed');
            else
                warnings.push(`outputs not digested (the command failed): ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(err)}`);
        }
    }
    let captureFile;
    if (capture) {
        capture.run = {
            argv: recordedArgv,
            startedOn,
            finishedOn,
            exitCode: exit.spawnError ? null : exit.code,
            ...(exit.signal ? { signal: exit.signal } : {}),
            outputs,
        };
        capture.finishedOn = finishedOn;
        capture.warnings.push(...warnings);
        const target = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.cwd, options.captureOutput ?? DEFAULT_CAPTURE_FILE);
        try {
            await (0,_io_files_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Z)(target, (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .stableJson */ ._Y)(capture));
            captureFile = target;
        }
        catch (err) {
            problem(err, 'writing the capture document failed');
        }
    }
    return {
        exitCode,
        commandExitCode: exit.code,
        ...(exit.signal ? { signal: exit.signal } : {}),
        ...(capture ? { capture } : {}),
        ...(captureFile ? { captureFile } : {}),
        outputs,
        warnings,
    };
}


/***/ })

};
