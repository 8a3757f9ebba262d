using CoP.Shared.Email.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Reminders;

public static class EventReminderServiceCollectionExtensions
{
    /// <summary>The reminder run, its claims and its two mails. Needs events, their registrations, the console's operators and the mail queue.</summary>
    public static IServiceCollection AddEventReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventReminderOptions>().Bind(configuration.GetSection(EventReminderOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventReminderOptions>, EventReminderOptionsValidator>());
        services.TryAddSingleton<EventReminderStore>();
        services.TryAddSingleton<EventReminderMails>();
        services.TryAddSingleton<EventReminderRun>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EventReminderMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EventFollowUpMailPreparer>());
        return services;
    }
}
