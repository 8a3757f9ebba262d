using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CoP.Shared.Email.Queue;

/// <summary>
/// One queued transactional mail: its id (the key that makes its delivery happen once), its kind (which
/// <see cref="IMailPreparer"/> turns it into a message) and the kind's payload. The payload holds what the mail needs
/// and nothing more; personal links are never queued: they are made when the mail is prepared.
/// </summary>
public sealed record MailRequest(string MailId, string Kind, DateTimeOffset RequestedAt, JsonElement Payload)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static MailRequest Create<TPayload>(string kind, TPayload payload, DateTimeOffset now) =>
        new(Guid.NewGuid().ToString("N"), kind, now, JsonSerializer.SerializeToElement(payload, Json));

    /// <summary>
    /// A request whose id is derived from <paramref name="key"/> (<see cref="DerivedId"/>): queued again for the same key,
    /// by a retry or a later run, it is the same mail, which the delivery ledger sends once.
    /// </summary>
    public static MailRequest Create<TPayload>(string kind, string key, TPayload payload, DateTimeOffset now) =>
        new(DerivedId(kind, key), kind, now, JsonSerializer.SerializeToElement(payload, Json));

    /// <summary>The mail id of <paramref name="key"/> in <paramref name="kind"/>: 32 lowercase hex digits, the same on every call.</summary>
    public static string DerivedId(string kind, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}|{key}")).AsSpan(0, 16));

    /// <summary>Reads a queue message; null when it is not one of ours (it can never be delivered).</summary>
    public static MailRequest? Parse(string text)
    {
        try
        {
            var request = JsonSerializer.Deserialize<MailRequest>(text, Json);
            return request is { MailId.Length: 32, Kind.Length: > 0 } && request.MailId.All(char.IsAsciiHexDigitLower) ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public TPayload PayloadAs<TPayload>() =>
        Payload.Deserialize<TPayload>(Json) ?? throw new InvalidOperationException($"The {Kind} mail {MailId} has no payload.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// Turns one kind of queued mail into the message to send, or into nothing when there is nothing to send (an unknown
/// address, an allowance used up). Called again for the same <see cref="MailRequest.MailId"/> when a delivery is
/// retried, and by deliveries of the same mail at once (the claim comes only before the send), so it must decide the
/// same way each time: whatever it records, it records under that id, and writes that find an earlier one's are done.
/// </summary>
public interface IMailPreparer
{
    string Kind { get; }

    Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken);
}
