namespace TrainerAcademy.Domain;

/// <summary>A record that belongs to one training center; staff may act only on their own center's records.</summary>
public interface ICenterOwned
{
    int CenterId { get; }
}
