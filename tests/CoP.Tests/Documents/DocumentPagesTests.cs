using System.Net;
using System.Text.RegularExpressions;
using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.Tests.Http;
using CoP.TestSupport;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

/// <summary>The catalog (<c>GET /api/documents</c>) and a document's page (<c>GET /api/documents/{documentId}</c>) opened in a browser.</summary>
public sealed partial class DocumentPagesTests(StorageFixture storage)
{
    /// <summary>What Chrome and Firefox send when following a link.</summary>
    internal const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    [Fact]
    public async Task CatalogListsTheFilteredDocumentsAndPagesOnKeepingTheFilters()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, time: time);
        var (_, token) = await ConfirmedMemberAsync(app);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await UploadAndIngestAsync(app, token, $"report-{i}.pdf", "application/pdf", SampleFiles.Pdf($"report {i}"))).Upload.DocumentId);
            time.Advance(TimeSpan.FromSeconds(2));
        }

        var csv = (await UploadAndIngestAsync(app, token, "data.csv", "text/csv", SampleFiles.Csv())).Upload.DocumentId;

        var first = await CatalogAsync(app, "?type=report&language=fr&pageSize=3");

        Assert.Equal(200, first.Status);
        Assert.StartsWith("text/html", first.ContentType, StringComparison.Ordinal);
        Assert.Equal([csv, ids[2], ids[1]], DocumentLinks(first.Body));
        Assert.Contains("<option value=\"report\" selected>Report</option>", first.Body, StringComparison.Ordinal);
        Assert.Contains("<option value=\"fr\" selected>fr</option>", first.Body, StringComparison.Ordinal);
        Assert.Contains("<p class=\"meta\">Report · Biochar production and application models, Monitoring climate benefits of sustainable land management · SN · fr · ", first.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/documents/uploads\">Share a document</a>", first.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("First page", first.Body, StringComparison.Ordinal);
        var next = Link(first.Body, "Next page");
        Assert.StartsWith("/api/documents?type=report&language=fr&continuationToken=", next, StringComparison.Ordinal);

        var second = await CatalogAsync(app, next[next.IndexOf('?', StringComparison.Ordinal)..] + "&pageSize=3");

        Assert.Equal([ids[0]], DocumentLinks(second.Body));
        Assert.Equal("/api/documents?type=report&language=fr", Link(second.Body, "First page"));
        Assert.DoesNotContain("Next page", second.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogSaysSoWhenNoDocumentMatches()
    {
        await using var app = TestApp.Create(storage);

        var page = await CatalogAsync(app, "?country=KE");

        Assert.Equal(200, page.Status);
        Assert.Contains("<p class=\"notice\">No document matches these filters.</p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<option value=\"KE\" selected>Kenya</option>", page.Body, StringComparison.Ordinal);
        Assert.Empty(DocumentLinks(page.Body));
    }

    public static TheoryData<string, string, string?> BadFilters() => new()
    {
        // The query, the field refused, and what the form then shows selected (a value not offered stays visible).
        { "?country=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "country", "<SCRIPT>ALERT(1)</SCRIPT>" },
        { "?topic=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "topic", null },
        { "?type=%3C%2Foption%3E%3Ciframe%3E", "type", null },
        { "?language=%3Csvg%20onload%3Dalert(1)%3E", "language", "<svg onload=alert(1)>" },
        { "?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E" + new string('a', 90), "q", null },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task BadFilterIsAFieldErrorOnA400PageWithTheHostileValueEncoded(string query, string field, string? shown)
    {
        await using var app = TestApp.Create(storage);

        var page = await CatalogAsync(app, query);
        var json = await ListAsync(app, query);

        Assert.Equal(400, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains($"name=\"{field}\" aria-invalid=\"true\" aria-describedby=\"{field}-error\"", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"error\" id=\"{field}-error\">", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<li><a href=\"#{field}\">", page.Body, StringComparison.Ordinal);
        Assert.DoesNotMatch(HostileMarkup(), page.Body);
        if (shown is not null)
        {
            Assert.Contains(shown, Texts(page.Body));
        }

        Assert.Equal(400, json.Status);
        Assert.Equal("application/problem+json", json.ContentType);
    }

    [Fact]
    public async Task DocumentPageShowsTheMetadataEncodedAndTheDownloadButton()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var metadata = Metadata("soil.pdf", "application/pdf", SampleFiles.Pdf().Length);
        metadata["title"] = "<img src=x onerror=alert(1)> Soil";
        metadata["description"] = "First line </p><script>alert(2)</script>\nSecond line";
        metadata["projectName"] = "\"><b onmouseover=alert(3)>Sahel</b>";
        metadata["licence"] = "<a href=javascript:alert(4)>CC</a>";
        var documentId = await PublishAsync(app, token, metadata, SampleFiles.Pdf());

        var page = await DocumentPageAsync(app, documentId);

        Assert.Equal(200, page.Status);
        Assert.DoesNotMatch(HostileMarkup(), page.Body);
        var texts = Texts(page.Body);
        Assert.Contains("<img src=x onerror=alert(1)> Soil", texts);
        Assert.Contains("First line </p><script>alert(2)</script>", texts);
        Assert.Contains("Second line", texts);
        Assert.Contains("\"><b onmouseover=alert(3)>Sahel</b>", texts);
        Assert.Contains("<a href=javascript:alert(4)>CC</a>", texts);
        Assert.Contains($"<a class=\"button\" href=\"/api/documents/{documentId}/content\" download>Download the file</a>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<dd>soil.pdf (", page.Body, StringComparison.Ordinal);

        var json = await GetAsync(app, documentId);
        Assert.Equal("application/json; charset=utf-8", json.ContentType);
        Assert.Equal("<img src=x onerror=alert(1)> Soil", json.Json().GetProperty("title").GetString());
    }

    [Fact]
    public async Task DocumentPageIsAFramed404ForAnUnknownOrUnpublishedDocument()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var pending = await RequestAsync(app, token, "later.pdf", "application/pdf", SampleFiles.Pdf());

        foreach (var documentId in new[] { "0123456789abcdef0123456789abcdef", pending.DocumentId })
        {
            var page = await DocumentPageAsync(app, documentId);
            Assert.Equal(404, page.Status);
            Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
            Assert.Contains("<main id=\"main\"", page.Body, StringComparison.Ordinal);
            Assert.Contains("No such document", page.Body, StringComparison.Ordinal);
            Assert.Equal("application/problem+json", (await GetAsync(app, documentId)).ContentType);
        }
    }

    [Theory]
    [InlineData("fr", "Partager un document", "Afficher les documents", "Télécharger le fichier")]
    [InlineData("es", "Compartir un documento", "Mostrar documentos", "Descargar el archivo")]
    public async Task CatalogAndDocumentPagesSpeakTheBrowsersLanguage(string language, string share, string show, string download)
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var (upload, _) = await UploadAndIngestAsync(app, token, "soil.pdf", "application/pdf", SampleFiles.Pdf());

        var catalog = await CatalogAsync(app, "", language);
        var document = await DocumentPageAsync(app, upload.DocumentId, language);

        Assert.Equal(language, catalog.Headers.ContentLanguage.ToString());
        Assert.Contains(share, catalog.Body, StringComparison.Ordinal);
        Assert.Contains(show, catalog.Body, StringComparison.Ordinal);
        Assert.Contains(download, document.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogAndDocumentPagesRunNoScript()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var (upload, _) = await UploadAndIngestAsync(app, token, "soil.pdf", "application/pdf", SampleFiles.Pdf());

        var catalogRequest = app.Get("/api/documents").WithHeader("Accept", BrowserAccept);
        var catalog = await WorkerPipeline.RunAsync(app, catalogRequest, request => app.Function<ListDocumentsFunction>().ListDocuments(request, Ct));
        var documentRequest = app.Get($"/api/documents/{upload.DocumentId}").WithHeader("Accept", BrowserAccept);
        var document = await WorkerPipeline.RunAsync(
            app, documentRequest, request => app.Function<GetDocumentFunction>().GetDocument(request, upload.DocumentId, Ct));

        PagePolicy.AssertRendersWithoutScript(catalog);
        PagePolicy.AssertRendersWithoutScript(document);
    }

    /// <summary>Requests an upload with these metadata, PUTs the bytes, ingests and returns the (published) document's id.</summary>
    internal static async Task<string> PublishAsync(TestApp app, string token, Dictionary<string, object?> metadata, byte[] content)
    {
        var requested = await RequestUploadAsync(app, token, metadata);
        Assert.True(requested.Status == 201, requested.Body);
        var json = requested.Json();
        var upload = json.GetProperty("upload");
        var headers = upload.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var uploaded = new Upload(json.GetProperty("documentId").GetString()!, new Uri(upload.GetProperty("url").GetString()!), headers);
        using (var put = await PutAsync(uploaded.Url, uploaded.Headers, content))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
        }

        Assert.Equal(DocumentStatus.Published, await IngestAsync(app, uploaded.BlobName));
        return uploaded.DocumentId;
    }

    internal static async Task<TestResponse> CatalogAsync(TestApp app, string query, string language = "en")
    {
        var request = app.Get("/api/documents" + query).WithHeader("Accept", BrowserAccept).WithHeader("Accept-Language", language);
        return await TestResponse.ExecuteAsync(await app.Function<ListDocumentsFunction>().ListDocuments(request, Ct), request);
    }

    internal static async Task<TestResponse> DocumentPageAsync(TestApp app, string documentId, string language = "en")
    {
        var request = app.Get($"/api/documents/{documentId}").WithHeader("Accept", BrowserAccept).WithHeader("Accept-Language", language);
        return await TestResponse.ExecuteAsync(await app.Function<GetDocumentFunction>().GetDocument(request, documentId, Ct), request);
    }

    private static List<string> DocumentLinks(string body) =>
        [.. DocumentLink().Matches(body).Select(m => m.Groups[1].Value)];

    private static string Link(string body, string text) =>
        WebUtility.HtmlDecode(Regex.Match(body, $"<a [^>]*href=\"([^\"]+)\"[^>]*>{Regex.Escape(text)}</a>").Groups[1].Value);

    // The texts between tags, decoded: what a reader sees.
    private static List<string> Texts(string body) =>
        [.. TextNode().Matches(body).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).Where(t => t.Length > 0)];

    [GeneratedRegex("<h3><a href=\"/api/documents/([0-9a-f]{32})\">")]
    private static partial Regex DocumentLink();

    [GeneratedRegex(">([^<]+)<")]
    private static partial Regex TextNode();

    // Markup that a hostile value would have made real: text that merely reads like it is encoded.
    [GeneratedRegex("<(script|img|iframe|svg|b |a href=javascript)", RegexOptions.IgnoreCase)]
    private static partial Regex HostileMarkup();
}
