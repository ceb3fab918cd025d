// Lets tsc compile the files in assembly/shared/, which both compilers share.
type u32 = number;
type u8 = number;
