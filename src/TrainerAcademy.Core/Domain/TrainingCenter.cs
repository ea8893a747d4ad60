using System.Text.RegularExpressions;

namespace TrainerAcademy.Domain;

/// <summary>A training center (培训机构) that runs cohorts; its codes feed the certificate number.</summary>
public partial class TrainingCenter : ICenterOwned
{
    private TrainingCenter() { }

    public TrainingCenter(string name, string organisationCode, string provinceCode, string city, string? address)
    {
        Update(name, organisationCode, provinceCode, city, address);
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The 4-digit organisation code used in certificate numbers.</summary>
    public string OrganisationCode { get; private set; } = "";

    /// <summary>The 2-digit province code (Shanghai is 31).</summary>
    public string ProvinceCode { get; private set; } = "";
    public string City { get; private set; } = "";
    public string? Address { get; private set; }

    int ICenterOwned.CenterId => Id;

    /// <summary>Days before the start until which a cancelled place is refunded in full.</summary>
    public int RefundFullDaysBeforeStart { get; private set; } = RefundPolicy.Default.FullRefundDaysBeforeStart;

    /// <summary>The share refunded after that, until the cohort starts.</summary>
    public decimal RefundLateShare { get; private set; } = RefundPolicy.Default.LateRefundShare;

    public RefundPolicy RefundPolicy => new(RefundFullDaysBeforeStart, RefundLateShare);

    public void SetRefundPolicy(int fullRefundDaysBeforeStart, decimal lateRefundShare)
    {
        if (fullRefundDaysBeforeStart is < 0 or > 180)
            throw new RuleViolation("center.refund-days", "Full refunds end 0 to 180 days before the start.", "refundFullDaysBeforeStart");
        if (lateRefundShare is < 0 or > 1)
            throw new RuleViolation("center.refund-share", "The late refund share is between 0 and 1.", "refundLateShare");
        RefundFullDaysBeforeStart = fullRefundDaysBeforeStart;
        RefundLateShare = lateRefundShare;
    }

    public void Update(string name, string organisationCode, string provinceCode, string city, string? address)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
            throw new RuleViolation("center.name", "A center needs a name of at most 100 characters.", "name");
        if (!FourDigits().IsMatch(organisationCode ?? ""))
            throw new RuleViolation("center.organisation-code", "The organisation code is 4 digits.", "organisationCode");
        if (!TwoDigits().IsMatch(provinceCode ?? ""))
            throw new RuleViolation("center.province-code", "The province code is 2 digits.", "provinceCode");
        Name = name;
        OrganisationCode = organisationCode!;
        ProvinceCode = provinceCode!;
        City = (city ?? "").Trim();
        Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
    }

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"^\d{2}$")]
    private static partial Regex TwoDigits();
}

/// <summary>A room a center teaches in.</summary>
public class Venue : ICenterOwned
{
    private Venue() { }

    public Venue(int centerId, string name, int capacity, string? address)
    {
        CenterId = centerId;
        Update(name, capacity, address);
    }

    /// <summary>A venue seats 1 to this many people.</summary>
    public const int MaxSeats = 1000;

    public int Id { get; private set; }
    public int CenterId { get; private set; }
    public string Name { get; private set; } = "";
    public int Capacity { get; private set; }
    public string? Address { get; private set; }

    public void Update(string name, int capacity, string? address)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
            throw new RuleViolation("venue.name", "A venue needs a name of at most 100 characters.", "name");
        if (capacity is < 1 or > MaxSeats)
            throw new RuleViolation("venue.capacity", "A venue seats 1 to 1000 people.", "capacity");
        Name = name;
        Capacity = capacity;
        Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
    }
}

/// <summary>An instructor of a center, with the level of their own AI-trainer certificate.</summary>
public class Instructor : ICenterOwned
{
    private Instructor() { }

    public Instructor(int centerId, string name, int certificateLevel, string? email)
    {
        CenterId = centerId;
        Update(name, certificateLevel, email);
    }

    public int Id { get; private set; }
    public int CenterId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The level of the instructor's own certificate (1 highest .. 5).</summary>
    public int CertificateLevel { get; private set; }
    public string? Email { get; private set; }
    public bool Active { get; private set; } = true;

    public void Update(string name, int certificateLevel, string? email)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 50)
            throw new RuleViolation("instructor.name", "An instructor needs a name of at most 50 characters.", "name");
        if (certificateLevel is < 1 or > 5)
            throw new RuleViolation("instructor.level", "An instructor's certificate level is 1 to 5.", "certificateLevel");
        Name = name;
        CertificateLevel = certificateLevel;
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
    }

    public void Deactivate() => Active = false;
    public void Activate() => Active = true;
}
