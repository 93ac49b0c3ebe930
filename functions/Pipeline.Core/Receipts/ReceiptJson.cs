using System.Text.Json;

namespace Pipeline.Receipts;

/// <summary>The one JSON form of receipts, manifests and proofs (camelCase, indented), for files, the CLI and the API.</summary>
public static class ReceiptJson
{
    // A file missing a field, or with null where none is allowed, is rejected rather than read as a half-empty receipt.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a receipt or manifest file; a file that is not one is an <see cref="InvalidDataException"/> naming it.</summary>
    public static async Task<T> ReadFileAsync<T>(string path, CancellationToken cancellationToken = default)
        where T : class
    {
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, Options, cancellationToken)
                ?? throw new InvalidDataException($"{path} holds JSON null, not a {typeof(T).Name}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
