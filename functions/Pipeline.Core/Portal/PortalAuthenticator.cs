using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pipeline.Portal;

/// <summary>
/// Who is calling. In Azure, App Service Authentication (Easy Auth) validates the Entra ID token and passes the
/// principal as base64 JSON in <c>X-MS-CLIENT-PRINCIPAL</c>, stripping any such header a client sent; the header is
/// trusted only when the platform says Easy Auth is on (<c>WEBSITE_AUTH_ENABLED</c>). Locally, a configured dev key.
/// </summary>
public sealed class PortalAuthenticator(IOptions<PortalOptions> options, IConfiguration configuration)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string DevKeyHeader = "X-Pipeline-Key";

    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string EasyAuthEnabledSetting = "WEBSITE_AUTH_ENABLED";
    private readonly PortalOptions _options = options.Value;

    /// <summary>The caller, or null with <paramref name="failure"/> saying why it was not accepted.</summary>
    public PortalCaller? Authenticate(PortalRequest request, out string failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _options.Authentication == PortalAuthentication.DevKey
            ? FromDevKey(request.Header(DevKeyHeader), out failure)
            : FromEasyAuth(request.Header(PrincipalHeader), out failure);
    }

    private PortalCaller? FromDevKey(string? presented, out string failure)
    {
        if (string.IsNullOrEmpty(presented))
        {
            failure = $"no {DevKeyHeader} header";
            return null;
        }

        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var key in _options.DevKeys)
        {
            // Compared as digests in constant time: the key's length and content leak nothing through timing.
            if (key.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
            {
                failure = "";
                return new PortalCaller("devkey:" + key.Name, key.Name, CaseGrant.Parse(key.Cases));
            }
        }

        failure = $"the {DevKeyHeader} is not a configured key";
        return null;
    }

    private PortalCaller? FromEasyAuth(string? principal, out string failure)
    {
        if (!string.Equals(configuration[EasyAuthEnabledSetting], "true", StringComparison.OrdinalIgnoreCase))
        {
            // Without Easy Auth in front, anyone could send the header: refuse rather than trust it.
            failure = "App Service Authentication is not enabled for this app, so no caller can be trusted";
            return null;
        }

        if (string.IsNullOrEmpty(principal))
        {
            failure = $"no {PrincipalHeader} header: the caller did not sign in";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(principal));
            var claims = document.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString() ?? "", Value: c.GetProperty("val").GetString() ?? ""))
                .ToList();
            var nameType = document.RootElement.TryGetProperty("name_typ", out var n) ? n.GetString() : null;
            string? Claim(params string?[] types) =>
                types.Where(t => t is not null).Select(t => claims.FirstOrDefault(c => c.Type == t).Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));

            var id = Claim(ObjectIdClaim, "oid");
            if (id is null)
            {
                failure = "the principal has no object id claim";
                return null;
            }

            failure = "";
            var name = Claim(nameType, "preferred_username", "name") ?? id;
            return new PortalCaller(id, name, CaseGrant.Parse(_options.Grants.GetValueOrDefault(id)));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            failure = $"the {PrincipalHeader} header is not a base64 JSON principal";
            return null;
        }
    }
}
