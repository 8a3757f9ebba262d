using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CoP.Shared.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="EmailComposer"/> and the <see cref="IEmailSender"/> (SendGrid when
    /// <c>Email__SendGridApiKey</c> is set, the local outbox otherwise), and validates the <c>Email</c> section at
    /// start-up.
    /// </summary>
    public static IServiceCollection AddCommunityEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmailComposer>();
        services.TryAddSingleton<SendGridEmailSender>();
        services.TryAddSingleton<LocalOutboxEmailSender>();
        services.TryAddSingleton<IEmailSender>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSendGrid
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
                    // The default predicate retries 408, 429, 5xx, connection failures and attempt timeouts. A timed-out
                    // POST may still have been delivered, so a retry can duplicate a message: for a confirmation or a
                    // link that is better than none arriving.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
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
