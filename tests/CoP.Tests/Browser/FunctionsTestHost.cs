using Azure.Storage.Blobs;
using CoP.Functions.Documents;
using CoP.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoP.Tests.Browser;

/// <summary>
/// The app served over real HTTP on a free loopback port, for a browser: every HTTP function of CoP.Functions on its
/// route under <c>/api/</c> (<see cref="HttpFunctionRoutes"/>) over a <see cref="TestApp"/> whose
/// <c>Membership:PublicApiBaseUrl</c> is this host, so the links in mails and the pages' form actions come back here.
/// Mail goes through SendGrid's API to a <see cref="FakeSendGridServer"/>; <see cref="DeliverMailAsync"/> reads it back.
/// Operator routes take <see cref="FunctionKey"/> in <c>x-functions-key</c> or <c>?code=</c>.
/// </summary>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    /// <summary>The function key of Function and Admin routes (a fixed test value, not a secret).</summary>
    public const string FunctionKey = "browser-test-function-key";

    private readonly WebApplication _server;
    private readonly HashSet<string> _ingested = [];
    private TestApp? _app;

    private FunctionsTestHost(WebApplication server, FakeSendGridServer sendGrid)
    {
        _server = server;
        SendGrid = sendGrid;
    }

    /// <summary>Where the host answers, e.g. http://127.0.0.1:41234/ (its Secure cookies work there: <see cref="BrowserCookieTests"/>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public TestApp App => _app ?? throw new InvalidOperationException("The host has not started.");

    public FakeSendGridServer SendGrid { get; }

    /// <summary>
    /// Starts the host over <paramref name="storage"/>; <paramref name="settings"/> go over the host's own (as in
    /// <see cref="TestApp.Create"/>), e.g. <c>Membership:AccessPageUrl</c>.
    /// </summary>
    public static async Task<FunctionsTestHost> StartAsync(
        StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var sendGrid = await FakeSendGridServer.StartAsync(cancellationToken);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = builder.Build();
        var host = new FunctionsTestHost(server, sendGrid);
        HttpFunctionRoutes.Map(server, () => host.App, FunctionKey);
        await server.StartAsync(cancellationToken);

        // The port is known only now; the app is composed with it before any request can reach a function.
        var bound = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        host.BaseAddress = new Uri($"http://127.0.0.1:{bound.Port}/");
        var values = new Dictionary<string, string?>
        {
            ["Membership:PublicApiBaseUrl"] = host.BaseAddress.ToString().TrimEnd('/'),
            ["Email:Transport"] = "SendGrid",
            ["Email:SendGridApiKey"] = "SG.test-key",
            ["Email:SendGridHost"] = sendGrid.BaseAddress.ToString().TrimEnd('/'),
            ["Email:MaxRetries"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        host._app = TestApp.Create(storage, values, time: time);
        return host;
    }

    /// <summary>An address on this host, e.g. <c>Url("api/polls")</c>.</summary>
    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery.TrimStart('/'));

    /// <summary>A client of this host; <paramref name="operator"/> sends <see cref="FunctionKey"/> with every request.</summary>
    public HttpClient Client(bool @operator = false)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (@operator)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        }

        return client;
    }

    /// <summary>
    /// Delivers the mail queued so far, as the host's queue trigger does, and returns every mail SendGrid has accepted
    /// since the host started, oldest first (one per recipient).
    /// </summary>
    public async Task<IReadOnlyList<SentMail>> DeliverMailAsync(CancellationToken cancellationToken = default)
    {
        var drain = await App.DeliverQueuedMailAsync(cancellationToken);
        Assert.Empty(drain.Failures);
        return [.. SendGrid.Requests.Where(r => r.Accepted).SelectMany(SentMail.From)];
    }

    /// <summary>
    /// Runs the blob-triggered ingestion (<c>IngestDocument</c>) for every upload not ingested yet, as the host does
    /// once a blob lands, then delivers the mail it queued; returns the blob names it ingested.
    /// </summary>
    public async Task<IReadOnlyList<string>> IngestUploadsAsync(CancellationToken cancellationToken = default)
    {
        var uploads = new BlobServiceClient(App.ConnectionString).GetBlobContainerClient($"{App.Prefix}-uploads");
        var ingested = new List<string>();
        if (!await uploads.ExistsAsync(cancellationToken))
        {
            return ingested;
        }

        await foreach (var blob in uploads.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (_ingested.Add(blob.Name))
            {
                await App.Function<IngestDocumentFunction>().IngestDocument(uploads.GetBlobClient(blob.Name), cancellationToken);
                ingested.Add(blob.Name);
            }
        }

        await App.DeliverQueuedMailAsync(cancellationToken);
        return ingested;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await SendGrid.DisposeAsync();
    }
}
