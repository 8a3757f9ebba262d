using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoP.Functions.EmailEvents;
using CoP.Shared.EmailEvents;
using CoP.TestSupport;

namespace CoP.Tests.EmailEvents;

/// <summary>SendGrid's side of the Event Webhook, for the tests of this folder: a signing key and signed posts.</summary>
internal static class EmailEventTestFlows
{
    /// <summary>A test app whose webhook trusts <paramref name="signer"/>, plus any other settings.</summary>
    public static TestApp CreateApp(StorageFixture storage, SendGridSigner signer, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["EmailEvents:PublicKey"] = signer.PublicKey };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return TestApp.Create(storage, values);
    }

    /// <summary>One event as SendGrid posts it, with the address and a reason that quotes it, as real events do.</summary>
    public static Dictionary<string, object?> Event(string name, string? memberId, string email = "amina.diallo@example.org", string? eventId = null, string? type = null)
    {
        var fields = new Dictionary<string, object?>
        {
            ["email"] = email,
            ["timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(),
            ["smtp-id"] = "<14c5d75ce93.dfd.64b469@ismtpd-555>",
            ["event"] = name,
            ["category"] = new[] { "newsletter" },
            ["sg_event_id"] = eventId ?? NewEventId(),
            ["sg_message_id"] = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
            ["reason"] = $"550 5.1.1 <{email}>: Recipient address rejected: User unknown",
        };
        if (memberId is not null)
        {
            fields["memberId"] = memberId;
        }

        if (type is not null)
        {
            fields["type"] = type;
        }

        return fields;
    }

    /// <summary>SendGrid's event ids are base64-like and may hold '/' and '+', which table keys forbid.</summary>
    public static string NewEventId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('A', '/');

    public static string Body(params object[] events) => JsonSerializer.Serialize(events);

    /// <summary>Posts <paramref name="body"/> signed by <paramref name="signer"/> (unsigned when null) at <paramref name="signedAt"/> (now by default).</summary>
    public static Task<TestResponse> PostAsync(TestApp app, string body, SendGridSigner? signer, DateTimeOffset? signedAt = null) =>
        PostAsync(app, Encoding.UTF8.GetBytes(body), signer, signedAt);

    public static async Task<TestResponse> PostAsync(TestApp app, byte[] body, SendGridSigner? signer, DateTimeOffset? signedAt = null)
    {
        var request = TestRequests.Bytes(app.Services, "POST", "/api/email-events", body, "application/json");
        if (signer is not null)
        {
            var (timestamp, signature) = signer.Sign(body, signedAt ?? DateTimeOffset.UtcNow);
            request.WithHeader(EmailEventSignature.TimestampHeader, timestamp).WithHeader(EmailEventSignature.SignatureHeader, signature);
        }

        return await SendAsync(app, request);
    }

    public static async Task<TestResponse> SendAsync(TestApp app, Microsoft.AspNetCore.Http.HttpRequest request) =>
        await TestResponse.ExecuteAsync(await app.Function<ReceiveEmailEventsFunction>().ReceiveEmailEvents(request, TestContext.Current.CancellationToken), request);

    public static int Count(this TestResponse response, string name) => response.Json().GetProperty(name).GetInt32();
}

/// <summary>An ECDSA P-256 key pair standing in for SendGrid's: the public half is what SendGrid's UI shows.</summary>
internal sealed class SendGridSigner : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKey => Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());

    /// <summary>The two headers' values: Unix seconds, and the base64 DER signature of the timestamp followed by the body.</summary>
    public (string Timestamp, string Signature) Sign(byte[] body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        return (timestamp, Convert.ToBase64String(_key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
    }

    public void Dispose() => _key.Dispose();
}
