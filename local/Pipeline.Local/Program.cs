using Pipeline.Local.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("pipeline");
    config.AddCommand<UpCommand>("up").WithDescription("Start Azurite if it is not running and create the containers, table and queue.");
    config.AddCommand<UploadCommand>("upload").WithDescription("Upload files to intake as a court portal would (sha256 and uploader in metadata).");
    config.AddCommand<RunCommand>("run").WithDescription("Drive ingest, integrity checks and stuck-intake recovery; nightly reconciliation on its schedule.");
    config.AddCommand<ReconcileCommand>("reconcile").WithDescription("Run a full reconciliation now. Exit code 0 when clean, 3 when anomalies were found.");
    config.AddCommand<StatusCommand>("status").WithDescription("Show a case's documents, states, digests, evidence blobs and audit chain.");
    config.AddCommand<DemoCommand>("demo").WithDescription("Start everything and run the sample case bundle through the whole pipeline.");
});

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await app.RunAsync(args, stop.Token);
