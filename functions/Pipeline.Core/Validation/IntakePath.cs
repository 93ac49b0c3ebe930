namespace Pipeline.Validation;

/// <summary>The parts of an intake blob name "{caseId}/{uploadId}/{fileName}".</summary>
/// <param name="CaseId">The case the evidence belongs to.</param>
/// <param name="UploadId">The portal's upload id; also the document id.</param>
/// <param name="FileName">The original file name, NFC-normalised, safe on every file system.</param>
public sealed record IntakePath(string CaseId, string UploadId, string FileName);
