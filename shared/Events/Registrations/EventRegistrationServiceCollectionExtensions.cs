using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Events.Registrations;

public static class EventRegistrationServiceCollectionExtensions
{
    /// <summary>Seats, waiting lists, registration mails, the registrations' part of a member's export and erase.</summary>
    public static IServiceCollection AddEventRegistrations(this IServiceCollection services)
    {
        services.TryAddSingleton<EventRegistrationStore>();
        services.TryAddSingleton<EventSeats>();
        services.TryAddSingleton<EventRegistrationMails>();
        services.TryAddSingleton<EventAttendees>();
        services.TryAddSingleton<EventRegistrationService>();
        services.TryAddSingleton<EventRegistrationExport>();
        services.TryAddSingleton<EventMailer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EventRegisteredMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EventWaitlistedMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EventPromotedMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, EventsMemberData>());
        return services;
    }
}
