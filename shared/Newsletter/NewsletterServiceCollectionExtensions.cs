using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CoP.Shared.Newsletter;

public static class NewsletterServiceCollectionExtensions
{
    /// <summary>
    /// The newsletter: content, composition, the delivery ledger and the transport of the configured
    /// <c>Email__Transport</c>. Needs storage, email, membership, polls, documents, events, projects and the email events.
    /// </summary>
    public static IServiceCollection AddCommunityNewsletter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NewsletterOptions>()
            .Bind(configuration.GetSection(NewsletterOptions.SectionName))
            .Configure(options => options.Schedule = configuration[NewsletterOptions.ScheduleSetting] is { Length: > 0 } schedule ? schedule : options.Schedule)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NewsletterOptions>, NewsletterOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => NewsletterSchedule.Parse(provider.GetRequiredService<IOptions<NewsletterOptions>>().Value.Schedule));
        services.TryAddSingleton<NewsletterComposer>();
        services.TryAddSingleton<NewsletterContentBuilder>();
        services.TryAddSingleton<NewsletterEvents>();
        services.TryAddSingleton<NewsletterProjects>();
        services.TryAddSingleton<NewsletterMessages>();
        services.TryAddSingleton<NewsletterAlerts>();

        // Issues: their rows, lease, content and how a run ends for them.
        services.TryAddSingleton<NewsletterIssueStore>();
        services.TryAddSingleton<IssueOpener>();
        services.TryAddSingleton<StaleRunGuard>();
        services.TryAddSingleton<FrozenIssueContent>();
        services.TryAddSingleton<IssueCompletion>();

        // Delivery: the ledger, batch planning and dispatch, recipients' links.
        services.TryAddSingleton<DeliveryLedgerStore>();
        services.TryAddSingleton<LedgerSettlement>();
        services.TryAddSingleton<RecipientLinks>();
        services.TryAddSingleton<BatchDispatcher>();
        services.TryAddSingleton<NewsletterSender>();
        services.TryAddSingleton<NewsletterSettlement>();

        services.TryAddSingleton<NewsletterService>();
        services.TryAddSingleton<NewsletterRunRequests>();
        services.TryAddSingleton<QueuedNewsletterSends>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, NewsletterDeliveryMemberData>());
        services.TryAddSingleton<SendGridNewsletterTransport>();
        services.TryAddSingleton<OutboxNewsletterTransport>();
        services.TryAddSingleton<INewsletterTransport>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Transport == EmailTransport.SendGrid
                ? provider.GetRequiredService<SendGridNewsletterTransport>()
                : provider.GetRequiredService<OutboxNewsletterTransport>());

        services.AddHttpClient(SendGridNewsletterTransport.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("sendgrid-newsletter", static (pipeline, context) =>
            {
                var newsletter = context.ServiceProvider.GetRequiredService<IOptions<NewsletterOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                if (newsletter.MaxRetries > 0)
                {
                    // Only answers that say "not accepted" are retried: 429 and 5xx. A timed-out attempt may have
                    // been accepted, and a retry could send a thousand copies twice; the ledger settles it instead.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = newsletter.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = newsletter.RetryBaseDelay,
                        MaxDelay = NewsletterRetryDelays.MaxDelay,
                        ShouldHandle = static args => ValueTask.FromResult(NewsletterRetryDelays.IsRetried(args.Outcome.Result)),
                        DelayGenerator = args => ValueTask.FromResult(NewsletterRetryDelays.FromHeaders(args.Outcome.Result, time.GetUtcNow())),
                    });
                }

                pipeline.AddTimeout(newsletter.RequestTimeout);
            });
        return services;
    }
}
