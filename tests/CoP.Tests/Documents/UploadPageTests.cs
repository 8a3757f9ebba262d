using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using CoP.Functions.Documents;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Tests.Http;
using CoP.TestSupport;
using static CoP.Tests.Documents.DocumentPagesTests;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

/// <summary>
/// The upload page (<c>GET /api/documents/uploads</c>) and the session path of <c>RequestDocumentUpload</c> its script
/// uses: the session cookie counts only with the page's form token.
/// </summary>
public sealed partial class UploadPageTests(StorageFixture storage)
{
    [Fact]
    public async Task ProfileLinkBecomesASessionWhoseUploadPageCarriesTheFormTokenAndTheAllowedFiles()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member, TokenPurpose.Profile);

        var exchange = await UploadPageAsync(app, $"?token={Uri.EscapeDataString(token)}", cookie: null);

        Assert.Equal(303, exchange.Status);
        Assert.Equal("/api/documents/uploads", exchange.Headers.Location.ToString());
        Assert.StartsWith($"cop-profile={token}", exchange.Headers.SetCookie.ToString(), StringComparison.Ordinal);

        var page = await UploadPageAsync(app, "?lang=en", $"cop-profile={token}");

        Assert.Equal(200, page.Status);
        Assert.Contains($"<input type=\"hidden\" name=\"formToken\" value=\"{MemberSessions.FormToken(token)}\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("<form id=\"upload\" method=\"post\" action=\"/api/documents/uploads\" hidden", page.Body, StringComparison.Ordinal);
        Assert.Matches("accept=\"[^\"]*\\.pdf,application/pdf,[^\"]*\\.docx", page.Body);
        Assert.Contains("At most 104.9 MB.", page.Body, StringComparison.Ordinal);
        Assert.Contains("<progress id=\"upload-progress\" max=\"100\" value=\"0\"></progress>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<noscript>", page.Body, StringComparison.Ordinal);
        foreach (var field in new[] { "title", "description", "documentType", "country", "language", "year", "projectName", "licence", "file" })
        {
            Assert.Contains($"<label for=\"{field}\">", page.Body, StringComparison.Ordinal);
            Assert.Contains($"<span class=\"error\" id=\"{field}-error\"></span>", page.Body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cop-profile=not-a-token")]
    public async Task UploadPageSaysToUseThePersonalLinkWithoutASession(string? cookie)
    {
        await using var app = TestApp.Create(storage);

        var page = await UploadPageAsync(app, "", cookie);

        Assert.Equal(403, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page.Body.Replace("<form method=\"get\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("open this page from your personal profile link", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptsStillGetTheJson404AtTheUploadPagesAddress()
    {
        await using var app = TestApp.Create(storage);
        var request = app.Get("/api/documents/uploads");

        var answer = await TestResponse.ExecuteAsync(await app.Function<ShowUploadFormFunction>().ShowUploadForm(request, Ct), request);

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Theory]
    [InlineData("fr", "Partager un document", "Envoyer le document")]
    [InlineData("es", "Compartir un documento", "Subir el documento")]
    public async Task UploadPageSpeaksTheMembersLanguage(string language, string title, string button)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member, TokenPurpose.Profile);

        var page = await UploadPageAsync(app, $"?lang={language}", $"cop-profile={token}");

        Assert.Contains(title, page.Body, StringComparison.Ordinal);
        Assert.Contains($"<button type=\"submit\">{button}</button>", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPagesPolicyRunsItsOwnScriptAndConnectsToTheBlobEndpointOnly()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member, TokenPurpose.Profile);
        var request = app.Get("/api/documents/uploads").WithHeader("Accept", BrowserAccept).WithHeader("Cookie", $"cop-profile={token}");

        var page = await WorkerPipeline.RunAsync(app, request, r => app.Function<ShowUploadFormFunction>().ShowUploadForm(r, Ct));

        var policy = page.Headers.ContentSecurityPolicy.ToString();
        var script = Assert.Single(InlineScript().Matches(page.Body)).Groups[1].Value;
        var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";
        Assert.Equal([hash], PagePolicy.Sources(policy, "script-src"));
        var blobOrigin = new BlobServiceClient(app.ConnectionString).Uri.GetLeftPart(UriPartial.Authority);
        Assert.Equal(["'self'", blobOrigin], PagePolicy.Sources(policy, "connect-src"));
        Assert.Contains("credentials: 'same-origin'", script, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(script), 1, 8 * 1024);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("another session's")]
    [InlineData("twice")]
    public async Task SessionCookieWithoutItsFormTokenGets403AndNoUploadUrl(string? formToken)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member, TokenPurpose.Profile);
        var other = app.Get<MemberTokenService>().Issue(member, TokenPurpose.Account);
        var request = app.Json("POST", "/api/documents/uploads", Metadata()).WithHeader("Cookie", $"cop-profile={token}");
        switch (formToken)
        {
            case "another session's":
                request.WithHeader(UploadPage.FormTokenHeader, MemberSessions.FormToken(other));
                break;
            case "twice":
                request.WithHeader(UploadPage.FormTokenHeader, MemberSessions.FormToken(token)).WithHeader(UploadPage.FormTokenHeader, MemberSessions.FormToken(token));
                break;
            case not null:
                request.WithHeader(UploadPage.FormTokenHeader, formToken);
                break;
        }

        var answer = await TestResponse.ExecuteAsync(await app.Function<RequestDocumentUploadFunction>().RequestDocumentUpload(request, Ct), request);

        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.DoesNotContain("sig=", answer.Body, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync(app, "Documents"));
    }

    [Fact]
    public async Task SessionCookieWithItsFormTokenGetsTheUploadUrl()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member, TokenPurpose.Profile);
        var request = app.Json("POST", "/api/documents/uploads", Metadata())
            .WithHeader("Cookie", $"cop-profile={token}")
            .WithHeader(UploadPage.FormTokenHeader, MemberSessions.FormToken(token));

        var answer = await TestResponse.ExecuteAsync(await app.Function<RequestDocumentUploadFunction>().RequestDocumentUpload(request, Ct), request);

        Assert.Equal(201, answer.Status);
        var upload = answer.Json().GetProperty("upload");
        Assert.StartsWith(new BlobServiceClient(app.ConnectionString).Uri.ToString(), upload.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("BlockBlob", upload.GetProperty("headers").GetProperty("x-ms-blob-type").GetString());
        Assert.Equal(1, await RowCountAsync(app, "Documents"));
    }

    [Fact]
    public async Task ExpiredSessionCookieGets401LikeAnExpiredToken()
    {
        await using var app = TestApp.Create(storage);
        var request = app.Json("POST", "/api/documents/uploads", Metadata())
            .WithHeader("Cookie", "cop-profile=not-a-token")
            .WithHeader(UploadPage.FormTokenHeader, MemberSessions.FormToken("not-a-token"));

        var answer = await TestResponse.ExecuteAsync(await app.Function<RequestDocumentUploadFunction>().RequestDocumentUpload(request, Ct), request);

        Assert.Equal(401, answer.Status);
        Assert.Equal(0, await RowCountAsync(app, "Documents"));
    }

    internal static async Task<TestResponse> UploadPageAsync(TestApp app, string query, string? cookie)
    {
        var request = app.Get("/api/documents/uploads" + query).WithHeader("Accept", BrowserAccept);
        if (cookie is not null)
        {
            request.WithHeader("Cookie", cookie);
        }

        return await TestResponse.ExecuteAsync(await app.Function<ShowUploadFormFunction>().ShowUploadForm(request, Ct), request);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
