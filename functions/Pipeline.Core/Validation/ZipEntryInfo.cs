namespace Pipeline.Validation;

/// <summary>One central-directory record, as the archive declares it.</summary>
internal sealed record ZipEntryInfo(
    string Name,
    ushort Flags,
    ushort Method,
    long CompressedSize,
    long UncompressedSize,
    long LocalHeaderOffset);
