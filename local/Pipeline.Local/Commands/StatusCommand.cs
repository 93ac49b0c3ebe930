using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Local.Cli;
using Pipeline.Receipts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>
/// A case as operations see it: each document's state and digest, uploads that are failing to ingest, and whether
/// its audit chain verifies.
/// Exit code 0, or 5 (<see cref="ExitCodes.NotFound"/>) when the case has no documents, no audit head and no audit
/// records: "case X not found" goes to stderr and, with <c>--json</c>, nothing at all to stdout.
/// </summary>
public sealed class StatusCommand : AsyncCommand<StatusSettings>
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        if (!await ShowAsync(host, settings.CaseId, settings.Json, cancellationToken))
        {
            ErrorConsole.Error($"case {settings.CaseId} not found.");
            return ExitCodes.NotFound;
        }

        return ExitCodes.Success;
    }

    /// <summary>Shows the case; false (and shows nothing) when it has no documents, no audit head and no audit records.</summary>
    internal static async Task<bool> ShowAsync(IHost host, string caseId, bool json, CancellationToken cancellationToken)
    {
        var documents = new List<DocumentRecord>();
        await foreach (var document in host.Get<DocumentIndex>().QueryCaseAsync(caseId, cancellationToken))
        {
            documents.Add(document);
        }

        var (records, chainBreak, anyAudit) = await VerifyChainAsync(host.Get<CaseLedger>(), caseId, cancellationToken);
        var failing = await host.Get<IngestFailureLog>().QueryOutstandingAsync(caseId, cancellationToken).ToListAsync(cancellationToken);
        if (documents.Count == 0 && !anyAudit && failing.Count == 0)
        {
            return false;
        }

        if (json)
        {
            var receipts = await ReceiptsAsync(host, caseId, cancellationToken);
            var view = new
            {
                caseId,
                auditRecords = records,
                auditChain = chainBreak ?? "intact",
                documents = documents.Select(d => new
                {
                    documentId = d.DocumentId,
                    d.FileName,
                    d.State,
                    d.Sha256,
                    d.Length,
                    d.ContentType,
                    d.EvidenceBlob,
                    d.QuarantineBlob,
                    d.UploadedBy,
                    d.UploadedAt,
                    d.LastVerifiedAt,
                    reasons = d.Reasons is null ? (JsonElement?)null : JsonDocument.Parse(d.Reasons).RootElement,
                    d.DisposedAt,
                    d.DisposedBy,
                    d.DisposalReason,
                    receipt = receipts.GetValueOrDefault(d.DocumentId),
                }),
                failingUploads = failing.Select(f => new { f.IntakeBlob, f.Attempts, f.FirstFailedAt, f.LastFailedAt, f.LastError }),
            };
            Console.WriteLine(JsonSerializer.Serialize(view, JsonOptions));
            return true;
        }

        // A tree, not a table: full digests and blob names stay on one line each in any terminal width.
        var tree = new Tree($"Case [bold]{Markup.Escape(caseId)}[/]: {documents.Count} documents");
        foreach (var d in documents)
        {
            var colour = d.State switch
            {
                DocumentStates.Verified => "green",
                DocumentStates.Stored => "blue",
                DocumentStates.Rejected => "yellow",
                DocumentStates.Disposed => "grey",
                _ => "red",
            };
            var verified = d.LastVerifiedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never";
            var node = tree.AddNode($"[bold]{Markup.Escape(d.DocumentId)}[/] {Markup.Escape(d.FileName)} [{colour}]{d.State}[/] {d.Length} bytes, verified {verified}");
            node.AddNode($"sha256 {(d.Sha256.Length == 0 ? "(not read)" : d.Sha256)}");
            node.AddNode(d.EvidenceBlob is not null ? $"evidence {Markup.Escape(d.EvidenceBlob)}" : $"quarantine {Markup.Escape(d.QuarantineBlob ?? "")}");
            if (d.Reasons is not null)
            {
                node.AddNode($"[yellow]reasons  {Markup.Escape(d.Reasons)}[/]");
            }
        }

        if (failing.Count > 0)
        {
            var failures = tree.AddNode($"[red]{failing.Count} upload(s) failing to ingest[/] (retried with growing gaps; reported as stuck)");
            foreach (var f in failing)
            {
                failures.AddNode($"{Markup.Escape(f.IntakeBlob)}: {f.Attempts} attempt(s) since {f.FirstFailedAt:u}, last: {Markup.Escape(f.LastError)}");
            }
        }

        AnsiConsole.Write(tree);
        AnsiConsole.MarkupLine(chainBreak is null
            ? $"Audit chain: [green]{records} records, intact[/]"
            : $"Audit chain: [red]{Markup.Escape(chainBreak)}[/]");
        return true;
    }

    /// <summary>Each accepted document's receipt; none when the chain does not verify (the status says so).</summary>
    private static async Task<IReadOnlyDictionary<string, DocumentReceipt>> ReceiptsAsync(IHost host, string caseId, CancellationToken cancellationToken)
    {
        try
        {
            return await host.Get<ReceiptService>().GetReceiptsAsync(caseId, cancellationToken);
        }
        catch (CaseChainBrokenException)
        {
            return new Dictionary<string, DocumentReceipt>();
        }
    }

    /// <summary>Records verified, the first break, and whether the case has any audit record or head at all.</summary>
    private static async Task<(long Records, string? Break, bool AnyAudit)> VerifyChainAsync(CaseLedger ledger, string caseId, CancellationToken cancellationToken)
    {
        var verifier = ledger.CreateVerifier(caseId);
        var read = 0L;
        await foreach (var record in ledger.QueryRecordsAsync(caseId, cancellationToken: cancellationToken))
        {
            verifier.Add(record);
            read++;
        }

        var head = await ledger.GetHeadAsync(caseId, cancellationToken);
        verifier.Complete(head);
        return (verifier.RecordsVerified, verifier.Break, read > 0 || head is not null);
    }
}
