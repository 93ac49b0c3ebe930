namespace Pipeline.Validation;

/// <summary>Why an upload was refused: a stable <see cref="ReasonCodes"/> value and a human-readable detail.</summary>
/// <param name="Code">One of <see cref="ReasonCodes"/>; machine-readable and stable across releases.</param>
/// <param name="Detail">What exactly was wrong (which key, which bytes, declared vs detected type).</param>
public sealed record RejectionReason(string Code, string Detail)
{
    /// <summary>Details often quote parser messages or metadata the uploader chose; this caps each one.</summary>
    public const int MaxDetailLength = 512;

    public string Detail { get; init; } = UntrustedText.Bound(Detail, MaxDetailLength);
}
