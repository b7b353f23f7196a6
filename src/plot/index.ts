// Public exports of this folder (filled as the folder grows).
export {};
