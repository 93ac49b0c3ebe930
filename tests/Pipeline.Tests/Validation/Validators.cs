using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

/// <summary>Builds validators for tests.</summary>
internal static class Validators
{
    public static UploadValidator Create(ValidationOptions? options = null) =>
        new(Options.Create(options ?? new ValidationOptions()), NullLogger<UploadValidator>.Instance);

    // Awaited, so the stream outlives checks that complete asynchronously (the PDF check waits for a child process).
    public static async Task<IReadOnlyList<RejectionReason>> ValidateBytesAsync(byte[] bytes, string declared, ValidationOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return await Create(options).ValidateContentAsync(stream, declared);
    }
}
