using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CoP.Functions;
using CoP.Functions.Email;
using CoP.Functions.Newsletter;
using Azure.Storage.Queues.Specialized;
using CoP.Shared.Email.Queue;
using CoP.Shared.Newsletter;
using CoP.TestSupport;
using CoP.Tests.Contract;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Tests;

/// <summary>
/// The app's real object graph (the same <see cref="CommunityBackendServiceCollectionExtensions.AddCommunityBackend"/>
/// that Program.cs calls) over the test storage account, isolated by a unique resource prefix, with every
/// log line captured, emails written to a local outbox of its own, and every HTTP answer a test reads held to
/// functions/openapi.json (<see cref="OpenApiContract"/>). Disposing it removes the tables,
/// containers and outbox it created.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly TestStorageAccount _account;

    private TestApp(
        TestStorageAccount account, string prefix, string outboxPath, IConfiguration configuration, ServiceProvider services, CapturingLoggerProvider logs)
    {
        _account = account;
        Prefix = prefix;
        OutboxPath = outboxPath;
        Configuration = configuration;
        Services = services;
        Logs = logs;
    }

    public string Prefix { get; }

    /// <summary>The local outbox this app's emails go to; read it with <c>LocalOutbox.ReadAll</c>.</summary>
    public string OutboxPath { get; }

    public IConfiguration Configuration { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public string ConnectionString => _account.ConnectionString;

    /// <summary>The client of one of this app's tables, by its base name (e.g. "Members").</summary>
    public TableClient Table(string baseName) => new TableServiceClient(ConnectionString).GetTableClient(Prefix + baseName);

    /// <summary>
    /// The app over the test account, with <paramref name="settings"/> over the required test settings, an optional
    /// clock, and <paramref name="compose"/>: registrations added after the app's own (e.g. the telemetry pipeline
    /// with a test exporter).
    /// </summary>
    public static TestApp Create(
        StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null, string? prefix = null, TimeProvider? time = null,
        Action<IServiceCollection, IConfiguration>? compose = null)
    {
        prefix ??= TestStorageAccount.NewPrefix();
        var outboxPath = Path.Combine(Path.GetTempPath(), "cop-outbox-" + prefix);
        var values = TestSettings.Required();
        values["Storage:ConnectionString"] = storage.Account.ConnectionString;
        values["Storage:ResourcePrefix"] = prefix;
        values["Email:OutboxPath"] = outboxPath;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var collection = new ServiceCollection();
        if (time is not null)
        {
            collection.AddSingleton(time);
        }

        collection
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<IConfiguration>(configuration)
            .AddCommunityBackend(configuration);

        // Every answer a test reads is held to functions/openapi.json (route template, method, status, media type, schema).
        collection.AddSingleton<IAnswerCheck>(OpenApiContract.Embedded);
        compose?.Invoke(collection, configuration);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.GetRequiredService<IStartupValidator>().Validate();
        return new TestApp(storage.Account, prefix, outboxPath, configuration, services, logs);
    }

    /// <summary>A function class built by dependency injection, as the worker does.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public HttpRequest Get(string pathAndQuery) => TestRequests.Empty(Services, "GET", pathAndQuery);

    public HttpRequest Json(string method, string pathAndQuery, object body) => TestRequests.Json(Services, method, pathAndQuery, body);

    public HttpRequest Raw(string method, string pathAndQuery, string body, string? contentType) =>
        TestRequests.Raw(Services, method, pathAndQuery, body, contentType);

    /// <summary>
    /// Delivers the mail queued so far into <c>DeliverEmail</c>, as the host's queue trigger does: a message whose
    /// delivery throws becomes visible again and is retried, up to <see cref="QueuedMail.MaxDequeueCount"/> deliveries,
    /// then moves to the poison queue. Messages put back for later (held, deferred) stay in the queue.
    /// </summary>
    public async Task<MailDrain> DeliverQueuedMailAsync(CancellationToken cancellationToken = default)
    {
        var function = Function<DeliverEmailFunction>();
        return await DrainAsync(await Get<QueuedMail>().GetClientAsync(cancellationToken), TimeSpan.FromMinutes(1), function.DeliverEmail, cancellationToken);
    }

    /// <summary>
    /// Runs the newsletter sends queued so far (<c>newsletter-runs</c>) through <c>RunNewsletterSend</c>, as the host's
    /// queue trigger does: a run that throws becomes visible again and is retried, up to the host's
    /// <see cref="QueuedMail.MaxDequeueCount"/> deliveries, then moves to the poison queue. Sends put back for later
    /// (SendGrid refusing, another run busy) stay in the queue, invisible until their delay is over.
    /// </summary>
    public async Task<MailDrain> RunQueuedNewsletterSendsAsync(CancellationToken cancellationToken = default)
    {
        var function = Function<RunNewsletterSendFunction>();
        return await DrainAsync(await Get<NewsletterRunRequests>().GetClientAsync(cancellationToken), TimeSpan.FromMinutes(5), function.RunNewsletterSend, cancellationToken);
    }

    /// <summary>
    /// The host's queue trigger over <paramref name="queue"/>: each message goes to <paramref name="run"/>; one that
    /// throws becomes visible again and is retried, up to <see cref="QueuedMail.MaxDequeueCount"/> deliveries (host.json),
    /// then moves to the queue's poison queue. Messages put back for later stay, invisible until their delay is over.
    /// </summary>
    private static async Task<MailDrain> DrainAsync(
        QueueClient queue, TimeSpan visibilityTimeout, Func<QueueMessage, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        var poison = queue.GetParentQueueServiceClient().GetQueueClient(queue.Name + "-poison");
        var failures = new List<Exception>();
        var done = 0;
        var poisoned = 0;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                return new MailDrain(done, failures, poisoned);
            }

            foreach (var message in batch)
            {
                try
                {
                    await run(message, cancellationToken);
                    done++;
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures.Add(exception);
                    if (message.DequeueCount >= QueuedMail.MaxDequeueCount)
                    {
                        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                        poisoned++;
                    }
                    else
                    {
                        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                    }
                }
            }
        }
    }

    /// <summary>Messages in the mail queue, visible or not (held and deferred mail included).</summary>
    public async Task<int> QueuedMailCountAsync(CancellationToken cancellationToken = default)
    {
        var queue = await Get<QueuedMail>().GetClientAsync(cancellationToken);
        return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _account.DeleteResourcesAsync(Prefix);
        if (Directory.Exists(OutboxPath))
        {
            Directory.Delete(OutboxPath, recursive: true);
        }
    }
}

/// <summary>What draining the mail queue did: deliveries that returned, failures seen (each retried), messages poisoned.</summary>
public sealed record MailDrain(int Delivered, IReadOnlyList<Exception> Failures, int Poisoned);
