using System.Net;
using CoP.Shared.Email.Queue;
using CoP.Shared.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CoP.Shared.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="EmailComposer"/> and the <see cref="IEmailSender"/> of the configured
    /// <c>Email__Transport</c>, and validates the <c>Email</c> section at start-up.
    /// </summary>
    public static IServiceCollection AddCommunityEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostingEnvironment(configuration);
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmailComposer>();
        services.AddHealthChecks().AddCheck<EmailReadinessHealthCheck>(EmailReadinessHealthCheck.Name, HealthStatus.Unhealthy);
        services.AddMetrics();
        services.TryAddSingleton<QueuedMail>();
        services.TryAddSingleton<MailDeliveryStore>();
        services.TryAddSingleton<MailDeliveryService>();
        services.TryAddSingleton<SendGridEmailSender>();
        services.TryAddSingleton<LocalOutboxEmailSender>();
        services.TryAddSingleton<IEmailSender>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Transport == EmailTransport.SendGrid
                ? provider.GetRequiredService<SendGridEmailSender>()
                : provider.GetRequiredService<LocalOutboxEmailSender>());

        services.AddHttpClient(SendGridEmailSender.HttpClientName, client =>
            {
                // The resilience pipeline owns every timeout; HttpClient's own 100 s would cut it short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("sendgrid", static (pipeline, context) =>
            {
                var email = context.ServiceProvider.GetRequiredService<IOptions<EmailOptions>>().Value;
                pipeline.AddTimeout(email.TotalTimeout);
                if (email.MaxRetries > 0)
                {
                    // Only what says "not taken" is retried here: 408, 429 and 5xx answers, and connections never made.
                    // A timed-out attempt may have been accepted; the mail's delivery ledger settles that instead of a
                    // blind resend (see MailDeliveryService).
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                        {
                            { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
                            { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
                            _ => false,
                        }),
                        MaxRetryAttempts = email.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = email.RetryBaseDelay,
                        MaxDelay = EmailOptions.MaxRetryDelay,
                        ShouldRetryAfterHeader = true,
                    });
                }

                pipeline.AddTimeout(email.RequestTimeout);
            });
        return services;
    }
}
