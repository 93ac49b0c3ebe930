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
    config.AddCommand<ServeCommand>("serve").WithDescription("Serve the portal API and the operations page on 127.0.0.1 (dev-key authentication) until Ctrl+C.");
    config.AddCommand<ReceiptCommand>("receipt").WithDescription("Print (or --out) a document's receipt as JSON: digest, length, acceptance, chain head and Merkle tree. Exit 5 when not accepted.");
    config.AddCommand<BundleCommand>("bundle").WithDescription("Export a case as a BagIt bag of its pinned evidence, case manifest and audit chain. Exit 3 when the bytes do not match the chain.");
    config.AddCommand<VerifyBundleCommand>("verify-bundle").WithDescription("Check a bundle offline (and receipts against it); names every missing, extra or altered file. Exit 3 on any problem.");
    config.AddCommand<DisposeCommand>("dispose").WithDescription("Remove a document from its case (audited, bytes kept). Exit 6 when refused (legal hold).");
    config.AddCommand<HoldCommand>("hold").WithDescription("Set (or --clear) a case's legal hold, which blocks disposal; audited and mirrored to blob legal hold.");
    config.AddCommand<ImpactCommand>("impact").WithDescription("Was the case's evidence complete and intact at --at (default now)? Exit 3 when not, or possibly not.");
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
