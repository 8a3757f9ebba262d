using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Tests.Browser;
using CoP.Tests.Documents;
using CoP.Tests.Members;

namespace CoP.Tests.Console;

/// <summary>
/// Documents waiting for review, made the way a member makes them over HTTP: join and confirm, request an upload, PUT
/// the file to its URL, and the host's ingestion, which holds it for review under <see cref="ReviewFirstSettings"/>.
/// </summary>
internal static class ConsoleDocumentsUploads
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The console's operators, and every accepted upload waiting for an operator's review.</summary>
    public static IReadOnlyDictionary<string, string?> ReviewFirstSettings { get; } =
        new Dictionary<string, string?>(ConsoleClient.Settings) { ["Documents:ReviewFirst"] = "true" };

    /// <summary>
    /// A member (<paramref name="email"/>) uploads <paramref name="content"/> with the usual metadata, <paramref name="changes"/>
    /// over it; the document's id once ingestion left it waiting for review.
    /// </summary>
    public static async Task<string> PendingAsync(
        FunctionsTestHost host, string email, byte[] content, IReadOnlyDictionary<string, object?>? changes = null)
    {
        var accessToken = await ConfirmedMemberAsync(host, email);
        var metadata = DocumentTestFlows.Metadata(size: content.Length);
        foreach (var (field, value) in changes ?? new Dictionary<string, object?>())
        {
            metadata[field] = value;
        }

        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/documents/uploads") { Content = JsonContent.Create(metadata) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var answer = await client.SendAsync(request, Ct);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(answer.IsSuccessStatusCode, $"upload request answered {(int)answer.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var documentId = json.RootElement.GetProperty("documentId").GetString()!;
        var upload = json.RootElement.GetProperty("upload");
        var headers = upload.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        using (var put = await DocumentTestFlows.PutAsync(new Uri(upload.GetProperty("url").GetString()!), headers, content))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
        }

        await host.IngestUploadsAsync(Ct);
        Assert.Equal(DocumentStatus.PendingReview, (await host.App.Get<DocumentStore>().GetAsync(documentId, Ct))?.DocumentStatus);
        return documentId;
    }

    // Registers over HTTP, presses the mailed confirmation's button (a form post), and returns an account token.
    private static async Task<string> ConfirmedMemberAsync(FunctionsTestHost host, string email)
    {
        var link = await BrowserWalks.RegisterAsync(host, email);
        using var client = host.Client();
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"] ?? "";
        using var confirmed = await client.PostAsync("api/registrations/confirm", new FormUrlEncodedContent([KeyValuePair.Create("token", token)]), Ct);
        var member = await MemberTestFlows.MemberByEmailAsync(host.App, email);
        Assert.True(member?.MemberStatus == MemberStatus.Confirmed, $"confirmation answered {(int)confirmed.StatusCode}");
        return host.App.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Account);
    }
}
