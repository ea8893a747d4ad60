using Microsoft.AspNetCore.Identity;

namespace TrainerAcademy.Data;

public class ApplicationUser : IdentityUser
{
    /// <summary>The training center a staff member belongs to; null for learners and admins.</summary>
    public int? CenterId { get; set; }

    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The version of the privacy notice the person agreed to (个人信息处理同意), or null when none was recorded.</summary>
    public string? PrivacyNoticeVersion { get; set; }

    /// <summary>When the person agreed to <see cref="PrivacyNoticeVersion"/>.</summary>
    public DateTimeOffset? PrivacyConsentAt { get; set; }

    /// <summary>When the account's personal data was erased at the person's request; the account remains only as a reference.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}
