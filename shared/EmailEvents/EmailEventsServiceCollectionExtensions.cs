using CoP.Shared.Members;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.EmailEvents;

public static class EmailEventsServiceCollectionExtensions
{
    /// <summary>
    /// The SendGrid Event Webhook receiver, and the <c>EmailEvents</c> section validated at start-up. Needs storage
    /// and membership.
    /// </summary>
    public static IServiceCollection AddCommunityEmailEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailEventOptions>().Bind(configuration.GetSection(EmailEventOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailEventOptions>, EmailEventOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NewsletterIssueStore>();
        services.TryAddSingleton<DeliveryLedgerStore>();
        services.TryAddSingleton<EmailEventSignature>();
        services.TryAddSingleton<EmailEventStore>();
        services.TryAddSingleton<NewsletterSettlement>();
        services.TryAddSingleton<EmailEventEffects>();
        services.TryAddSingleton<EmailEventReceiver>();
        services.TryAddSingleton<MemberSuppression>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, EmailEventMemberData>());
        return services;
    }
}
