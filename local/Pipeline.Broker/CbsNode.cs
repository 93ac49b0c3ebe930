using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Broker;

/// <summary>
/// <c>$cbs</c>: claims-based security. The SDK puts a token for each entity before attaching to it. With a key
/// configured, a token must be a shared access signature made with it and not expired; otherwise any token is taken
/// (a managed-identity JWT cannot be checked here).
/// </summary>
internal sealed class CbsNode(BrokerOptions options, TimeProvider time) : RequestResponseNode
{
    public const string Address = "$cbs";

    protected override AmqpMessage Handle(AmqpMessage request, AmqpLink requestLink)
    {
        var operation = request.ApplicationProperties?.Map["operation"] as string;
        if (operation != "put-token")
        {
            return CreateResponse(400, $"unsupported operation '{operation}'");
        }

        if (string.IsNullOrEmpty(options.SharedAccessKey))
        {
            return CreateResponse(202, "Accepted");
        }

        var token = request.ValueBody?.Value as string;
        return token is not null && IsValid(token, options.SharedAccessKey, time.GetUtcNow())
            ? CreateResponse(202, "Accepted")
            : CreateResponse(401, "The token is not a shared access signature made with this broker's key, or it has expired.");
    }

    protected override AmqpMessage CreateResponse(int status, string description, object? body = null)
    {
        var response = AmqpMessage.Create();
        response.ApplicationProperties.Map["status-code"] = status;
        response.ApplicationProperties.Map["status-description"] = description;
        return response;
    }

    /// <summary><c>SharedAccessSignature sr={resource}&amp;sig={HMAC-SHA256(key, sr + "\n" + se)}&amp;se={expiry}&amp;skn={name}</c>.</summary>
    internal static bool IsValid(string token, string key, DateTimeOffset now)
    {
        const string Prefix = "SharedAccessSignature ";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var fields = token[Prefix.Length..].Split('&')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var resource) || !fields.TryGetValue("sig", out var signature) || !fields.TryGetValue("se", out var expiry)
            || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds)
            || DateTimeOffset.FromUnixTimeSeconds(expirySeconds) < now)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(resource + "\n" + expiry));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(Uri.UnescapeDataString(signature));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
