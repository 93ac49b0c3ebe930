using Pipeline.Audit;
using Pipeline.Receipts;

namespace Pipeline.Bundles;

/// <summary>
/// The case-bundle checks beyond BagIt: the case manifest verifies (its leaves hash to its root and leave exactly its
/// documents current), every current document is in the payload at its mapped path with the digest the chain accepted
/// and nothing else is, the audit chain verifies up to the manifest's head and yields the same leaves, and each receipt
/// is borne out by the manifest (inclusion and consistency proofs, not disposed of).
/// </summary>
internal static class BagCaseVerifier
{
    public static async Task VerifyAsync(
        string bag, HashSet<string> files, Dictionary<string, string> payload, IReadOnlyList<string> receiptFiles, List<BagProblem> problems, CancellationToken cancellationToken)
    {
        if (!files.Contains(BagLayout.CaseManifest))
        {
            problems.Add(new BagProblem(BagProblemKinds.Missing, BagLayout.CaseManifest, "without the case manifest the bag cannot show what the case held"));
            return;
        }

        CaseManifest manifest;
        try
        {
            manifest = await ReceiptJson.ReadFileAsync<CaseManifest>(Path.Combine(bag, BagLayout.CaseManifest), cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            problems.Add(new BagProblem(BagProblemKinds.Invalid, BagLayout.CaseManifest, ex.Message));
            return;
        }

        problems.AddRange(manifest.Verify().Select(p => new BagProblem(BagProblemKinds.Invalid, BagLayout.CaseManifest, p)));
        CheckPayloadAgainstManifest(manifest, payload, problems);
        if (files.Contains(BagLayout.AuditChain))
        {
            await CheckChainAsync(bag, manifest, problems, cancellationToken);
        }

        foreach (var file in receiptFiles)
        {
            try
            {
                var receipt = await ReceiptJson.ReadFileAsync<DocumentReceipt>(file, cancellationToken);
                problems.AddRange(ReceiptVerifier.Verify(receipt, manifest).Select(p => new BagProblem(BagProblemKinds.Receipt, file, p)));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(new BagProblem(BagProblemKinds.Receipt, file, ex.Message));
            }
        }
    }

    private static void CheckPayloadAgainstManifest(CaseManifest manifest, Dictionary<string, string> payload, List<BagProblem> problems)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in manifest.Documents)
        {
            var path = BagLayout.PayloadPath(document.DocumentId, document.FileName);
            expected.Add(path);
            if (!payload.TryGetValue(path, out var sha256))
            {
                problems.Add(new BagProblem(BagProblemKinds.Missing, path, $"document {document.DocumentId} of the case manifest is not in the payload"));
            }
            else if (!string.Equals(sha256, document.Sha256, StringComparison.Ordinal))
            {
                problems.Add(new BagProblem(BagProblemKinds.Altered, path, $"document {document.DocumentId}: the payload manifest says sha256 {sha256}, the audit chain accepted {document.Sha256}"));
            }
        }

        foreach (var path in payload.Keys.Where(p => !expected.Contains(p)).Order(StringComparer.Ordinal))
        {
            problems.Add(new BagProblem(BagProblemKinds.Extra, path, "not a document of the case manifest"));
        }
    }

    private static async Task CheckChainAsync(string bag, CaseManifest manifest, List<BagProblem> problems, CancellationToken cancellationToken)
    {
        var lineProblems = new List<string>();
        var records = await AuditChainFile.ReadAsync(Path.Combine(bag, BagLayout.AuditChain), lineProblems, cancellationToken);
        problems.AddRange(lineProblems.Select(p => new BagProblem(BagProblemKinds.Invalid, BagLayout.AuditChain, p)));
        var verifier = new AuditChainVerifier(manifest.CaseId);
        var log = new CaseLog(manifest.CaseId);
        foreach (var record in records)
        {
            verifier.Add(record);
            log.Add(record);
        }

        verifier.Complete(new CaseHead { Sequence = manifest.AuditHead.Sequence, LastHash = manifest.AuditHead.Hash });
        if (verifier.Break is { } chainBreak)
        {
            problems.Add(new BagProblem(BagProblemKinds.Invalid, BagLayout.AuditChain, $"the audit chain does not verify up to the manifest's head: {chainBreak}"));
        }

        if (!log.Leaves.SequenceEqual(manifest.Leaves))
        {
            problems.Add(new BagProblem(BagProblemKinds.Invalid, BagLayout.CaseManifest, "the case manifest's leaves are not the acceptances and disposals the audit chain records"));
        }
    }
}
