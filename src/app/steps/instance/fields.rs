//! Step 0's fields, named: the form indexes them only through [`InstanceField`].

/// Step 0's fields, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InstanceField {
    Site,
    Company,
    ClientId,
    AdminPublic,
    AdminPrivate,
}

impl InstanceField {
    pub const ALL: [InstanceField; 5] = [
        InstanceField::Site,
        InstanceField::Company,
        InstanceField::ClientId,
        InstanceField::AdminPublic,
        InstanceField::AdminPrivate,
    ];

    /// The field's name in the answers file and in errors (the admin keys come from a key file
    /// or the environment, named `admin.*`).
    pub fn key(self) -> &'static str {
        match self {
            InstanceField::Site => "site",
            InstanceField::Company => "company",
            InstanceField::ClientId => "client_id",
            InstanceField::AdminPublic => "admin.public_key",
            InstanceField::AdminPrivate => "admin.private_key",
        }
    }

    /// Position in the form (focus order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The next field (wrapping to the first).
    pub fn after(self) -> InstanceField {
        InstanceField::ALL[(self.index() + 1) % InstanceField::ALL.len()]
    }

    /// The previous field (wrapping to the last).
    pub fn before(self) -> InstanceField {
        let n = InstanceField::ALL.len();
        InstanceField::ALL[(self.index() + n - 1) % n]
    }
}
