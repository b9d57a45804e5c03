//! Titanic (Kaggle): one [`Passenger`] per row of `train.csv` (891, with `Survived`) and
//! `test.csv` (418, without). Names hold quoted commas (`"Braund, Mr. Owen Harris"`), so the
//! files go through a real CSV parser; empty fields are missing values (`Option`).

use super::{Rows, check_fields, number};
use crate::{DataDir, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

/// Port of embarkation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Embarked {
    /// `C`
    Cherbourg,
    /// `Q`
    Queenstown,
    /// `S`
    Southampton,
}

/// One passenger; field names follow Kaggle's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Passenger {
    pub passenger_id: u32,
    /// `Some` in train.csv, `None` in test.csv (that is what you predict).
    pub survived: Option<bool>,
    /// Ticket class: 1, 2 or 3.
    pub pclass: u8,
    pub name: String,
    pub sex: Sex,
    /// Years; fractional below 1; missing for 177 of the 891 in train.
    pub age: Option<f64>,
    /// Siblings and spouses aboard.
    pub sib_sp: u32,
    /// Parents and children aboard.
    pub parch: u32,
    pub ticket: String,
    /// Missing once, in test.csv.
    pub fare: Option<f64>,
    pub cabin: Option<String>,
    pub embarked: Option<Embarked>,
}

/// Both Kaggle files.
#[derive(Debug, Clone)]
pub struct Titanic {
    pub train: Vec<Passenger>,
    pub test: Vec<Passenger>,
}

/// Reads `titanic/train.csv` and `titanic/test.csv`.
pub fn titanic(dir: &DataDir) -> Result<Titanic> {
    let train = dir.require("titanic", "titanic/train.csv")?;
    let test = dir.require("titanic", "titanic/test.csv")?;
    Ok(Titanic {
        train: passengers(&train, true)?,
        test: passengers(&test, false)?,
    })
}

const COLUMNS: [&str; 12] = [
    "PassengerId",
    "Survived",
    "Pclass",
    "Name",
    "Sex",
    "Age",
    "SibSp",
    "Parch",
    "Ticket",
    "Fare",
    "Cabin",
    "Embarked",
];

fn passengers(path: &std::path::Path, labelled: bool) -> Result<Vec<Passenger>> {
    let mut rows = Rows::open(path, b',')?;
    // test.csv has every column but Survived.
    let columns: Vec<&str> = COLUMNS
        .into_iter()
        .filter(|&c| labelled || c != "Survived")
        .collect();
    match rows.next() {
        Some(header) => {
            let (line, header) = header?;
            if !header.iter().eq(columns.iter().copied()) {
                return Err(
                    rows.malformed(line, format!("the header must be {}", columns.join(",")))
                );
            }
        }
        None => return Err(rows.malformed(1, "the file is empty")),
    }
    let mut passengers = Vec::new();
    while let Some(row) = rows.next() {
        let (line, record) = row?;
        check_fields(&rows, line, &record, columns.len())?;
        let field = |name: &str| {
            let i = columns
                .iter()
                .position(|c| *c == name)
                .expect("a column of this file");
            record[i].trim()
        };
        let optional = |name: &str| Some(field(name)).filter(|text| !text.is_empty());
        let count = |name: &str| {
            field(name).parse::<u32>().map_err(|_| {
                rows.malformed(line, format!("{name}: {:?} is not a count", field(name)))
            })
        };
        let survived = match labelled.then(|| field("Survived")) {
            None => None,
            Some("0") => Some(false),
            Some("1") => Some(true),
            Some(other) => {
                return Err(rows.malformed(line, format!("Survived: {other:?} is not 0 or 1")));
            }
        };
        let pclass = match field("Pclass") {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            other => {
                return Err(rows.malformed(line, format!("Pclass: {other:?} is not 1, 2 or 3")));
            }
        };
        let sex = match field("Sex") {
            "male" => Sex::Male,
            "female" => Sex::Female,
            other => {
                return Err(rows.malformed(line, format!("Sex: {other:?} is not male or female")));
            }
        };
        let embarked = match optional("Embarked") {
            None => None,
            Some("C") => Some(Embarked::Cherbourg),
            Some("Q") => Some(Embarked::Queenstown),
            Some("S") => Some(Embarked::Southampton),
            Some(other) => {
                return Err(rows.malformed(line, format!("Embarked: {other:?} is not C, Q or S")));
            }
        };
        passengers.push(Passenger {
            passenger_id: count("PassengerId")?,
            survived,
            pclass,
            name: field("Name").to_owned(),
            sex,
            age: optional("Age")
                .map(|t| number(&rows, line, "Age", t))
                .transpose()?,
            sib_sp: count("SibSp")?,
            parch: count("Parch")?,
            ticket: field("Ticket").to_owned(),
            fare: optional("Fare")
                .map(|t| number(&rows, line, "Fare", t))
                .transpose()?,
            cabin: optional("Cabin").map(String::from),
            embarked,
        });
    }
    Ok(passengers)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::dir::tests::shared_data;
    use crate::load::tests::data_with;

    #[test]
    fn train_has_891_passengers_342_survivors_177_without_age() {
        let titanic = titanic(&shared_data()).unwrap();
        let train = &titanic.train;
        assert_eq!(train.len(), 891);
        assert_eq!(
            train.iter().filter(|p| p.survived == Some(true)).count(),
            342
        );
        assert_eq!(train.iter().filter(|p| p.age.is_none()).count(), 177);
        assert_eq!(train.iter().filter(|p| p.cabin.is_none()).count(), 687);
        assert_eq!(train.iter().filter(|p| p.embarked.is_none()).count(), 2);
        assert_eq!(titanic.test.len(), 418);
        assert!(titanic.test.iter().all(|p| p.survived.is_none()));
        assert_eq!(titanic.test.iter().filter(|p| p.fare.is_none()).count(), 1);
        assert_eq!(titanic.test[0].passenger_id, 892);
    }

    #[test]
    fn quoted_name_with_a_comma_is_parsed_whole() {
        let titanic = titanic(&shared_data()).unwrap();
        let first = &titanic.train[0];
        assert_eq!(first.name, "Braund, Mr. Owen Harris");
        assert_eq!(first.sex, Sex::Male);
        assert_eq!(first.age, Some(22.0));
        assert_eq!(first.ticket, "A/5 21171");
        assert_eq!(first.embarked, Some(Embarked::Southampton));
        assert_eq!(titanic.train[1].cabin.as_deref(), Some("C85"));
    }

    #[test]
    fn truncated_row_names_file_and_line() {
        let header = COLUMNS.join(",");
        let csv = format!(
            "{header}\r\n1,0,3,\"Braund, Mr. Owen Harris\",male,22,1,0,A/5 21171,7.25,,S\r\n2,1,1,\"Cumings, Mrs. John\",female\r\n"
        );
        let (_tmp, dir) = data_with("titanic/train.csv", csv.as_bytes());
        std::fs::write(dir.join("titanic/test.csv"), "").unwrap();
        let err = titanic(&dir).unwrap_err().to_string();
        assert!(
            err.contains("titanic/train.csv, line 3: expected 12 fields, found 5"),
            "{err}"
        );
    }
}
