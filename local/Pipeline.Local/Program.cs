using Pipeline.Local.Cli;
using Pipeline.Local.Commands;
using Spectre.Console.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var arguments = GlobalOptions.Hoist(args);
var errors = new CliExceptionHandler(arguments, stop.Token);
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("pipeline");
    // A mistyped option is an error, never silently ignored.
    config.UseStrictParsing();
    config.SetExceptionHandler(errors.Handle);
    config.AddCommand<UpCommand>("up").WithDescription("Start Azurite if it is not running and create the containers, table and queue.");
    config.AddCommand<UploadCommand>("upload").WithDescription("Upload files to intake as a court portal would (sha256 and uploader in metadata).");
    config.AddCommand<RunCommand>("run").WithDescription("Drive ingest, integrity checks and stuck-intake recovery; nightly reconciliation on its schedule. Ctrl+C stops it (exit 0).");
    config.AddCommand<ReconcileCommand>("reconcile").WithDescription("Run a full reconciliation now. Exit code 0 when clean, 3 when anomalies were found, 4 when another run holds the lock.");
    config.AddCommand<StatusCommand>("status").WithDescription("Show a case's documents, states, digests, evidence blobs and audit chain. Exit code 5 when the case is not found.");
    config.AddBranch("dlq", dlq =>
    {
        dlq.SetDescription("Dead-lettered integrity checks (Service Bus dead-letter queue, or the Storage poison queue).");
        dlq.AddCommand<DlqListCommand>("list").WithDescription("List dead-lettered checks: reason, description, deliveries, enqueued time, case and document.");
        dlq.AddCommand<DlqReplayCommand>("replay").WithDescription("Re-send dead-lettered checks (--all, or ids from `dlq list`) to the main queue, then remove the dead-lettered copies.");
    });
    config.AddCommand<DemoCommand>("demo").WithDescription("Start everything and run the sample case bundle through the whole pipeline.");
});

// Every command: 1 on failure (storage not set up or unreachable, anything else), 2 on a usage error.
return await app.RunAsync(arguments, stop.Token);
