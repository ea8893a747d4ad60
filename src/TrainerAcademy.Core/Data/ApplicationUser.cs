using Microsoft.AspNetCore.Identity;

namespace TrainerAcademy.Data;

public class ApplicationUser : IdentityUser
{
    /// <summary>The training center a staff member belongs to; null for learners and admins.</summary>
    public int? CenterId { get; set; }

    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
