using System.Globalization;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Acts as a court portal: one upload id per file, the file's SHA-256 and the uploader in metadata.</summary>
public sealed class UploadCommand : AsyncCommand<UploadSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UploadSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        var uploaded = await UploadAsync(host, settings.CaseId, settings.Files, settings.UploadedBy, settings.DocumentType, settings.ContentType, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).Title($"Uploaded to intake for case {settings.CaseId}");
        table.AddColumns("File", "Declared type", "Intake blob");
        foreach (var (file, type, blob) in uploaded)
        {
            table.AddRow(Markup.Escape(Path.GetFileName(file)), Markup.Escape(type), Markup.Escape(blob));
        }

        AnsiConsole.Write(table);
        return 0;
    }

    internal static async Task<List<(string File, string ContentType, string Blob)>> UploadAsync(
        IHost host, string caseId, IReadOnlyList<string> files, string? uploadedBy, string? documentType, string? contentType, CancellationToken cancellationToken)
    {
        var uploader = host.Get<PortalUploader>();
        var results = new List<(string, string, string)>();
        var batch = DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("Uploading", maxValue: files.Count);
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var type = contentType ?? ContentTypes.ForFile(file);
                var uploadId = $"up-{batch}-{i + 1:D3}";
                await using var stream = File.OpenRead(file);
                var blob = await uploader.UploadAsync(caseId, uploadId, Path.GetFileName(file), stream, type, uploadedBy ?? Environment.UserName, documentType, cancellationToken);
                results.Add((file, type, blob));
                task.Increment(1);
            }
        });
        return results;
    }
}
